// Package pii finds personal identifiers inside free text and judges whether a
// column holds them: the undeclared-personal-data scan of lint (undeclared-pii) and
// of every extract, and the identifier half of lint's secret rule.
//
// # What a Scanner finds
//
// Scanner.Find reports, with byte offsets into the text it was given:
//
//   - resident ids (GB 11643): 17 digits and a MOD 11-2 check character, a known
//     province, a real birth date between 1850 and 2099; or the legacy 15-digit form,
//     which has no check character and so needs a current six-digit division code
//     and a real birth date (19YYMMDD);
//   - mobile numbers: 1, then 3–9, then 9 digits, optionally after +86, 0086 or 86;
//   - e-mail addresses (a dot-atom local part of letters, digits and ._%+-, and a
//     domain of two or more labels ending in letters);
//   - bank cards: 16–19 digits that pass the Luhn check and start with the issuer
//     prefix of a network that issues cards in China, at a length that network uses
//     (UnionPay 62: 16–19; Visa 4: 16 or 19; Mastercard 51–55 and 2221–2720: 16;
//     JCB 3528–3589: 16–19; the 19-digit domestic debit cards starting with 9);
//   - Chinese passport numbers: E or G and 8 digits, E, a letter and 7 digits, or
//     DE/SE/PE and 7 digits (diplomatic, service, public-affairs). A passport number
//     has no check character of its own: only its shape is checked, so it relies on
//     exact token boundaries and upper-case letters to keep false alarms down;
//   - mainland vehicle plates (GA 36, validator.ValidPlate) with at least two digits.
//
// Text is read as people write it: full-width digits, letters and @ (０-９, Ａ-Ｚ,
// ＠), the ideographic and no-break spaces and the Unicode hyphens and minus are
// folded to ASCII first; digits may be grouped by single spaces or hyphens
// (138 1234 5678, 138-1234-5678, 6222 0212 3456 7890 123); an identifier may sit
// in a sentence (联系电话13812345678，身份证号:…), in Name <email>, in JSON, or
// beside another one. A token boundary is any byte that is not an ASCII letter or
// digit: an identifier glued to letters or digits (ID13812345678, a 22-digit run)
// is part of a longer token and not reported, nor is the fraction or integer part
// of a decimal number, nor digits glued to @ (the local part of an address).
//
// Overlaps are resolved by structure. An 18-character run that is a valid resident
// id is a resident id even when it also passes the GB 32100 check of a unified
// social credit code (one valid id in 31 does by chance); a real credit code's first
// six characters are its registration authority, type and division, which almost
// never read as a province and a birth date followed by a matching MOD 11-2
// character. Credit codes and division codes are organisation data, never
// reported; an 18-digit run that passes as a bank card but is a credit code with a
// current division code is taken for the credit code.
//
// # Look-alikes
//
// A run that has the shape of an identifier with a check but fails the check (a
// resident id with a wrong check character, a card-network number failing Luhn, a
// 15-digit number with a division code but no real birth date, an 11-digit number
// starting with 1 but not 13–19) is reported as a look-alike (Match.Valid false).
// Random numbers pass each check at a known rate (1/11, 1/10, 0.0365, 0.7); Tally
// uses the look-alikes to discount those chance passes, so a column of random order
// numbers, where one card-network number in ten passes Luhn, is not judged to hold
// bank cards.
//
// # How a column is judged
//
// Tally counts, over the non-null cells of a column, the cells holding at least
// one valid identifier of each kind, minus the chance passes the look-alikes seen
// imply: for n look-alikes of a check that random candidates pass at rate c, the
// passes before the n-th failure have mean n·c/(1−c) and variance n·c/(1−c)², and
// the upper end of their 95% interval is discounted. A kind is reported (Tally.Judge) when the lower end of the 95% Wilson score
// interval of that share exceeds 1% (MinShare): 3 of 100 cells, 17 of 1,000 or
// 120 of 10,000 are enough, 2 of 100 are not. A Finding says the kind, how many
// cells of how many, and the first source lines, never the values.
package pii
