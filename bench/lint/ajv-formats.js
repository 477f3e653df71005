// The custom JSON Schema formats of schemas/*.schema.json for ajv-cli (-c), so that
// ajv checks what shuyuan's schema check does and does not warn about unknown formats.
// uscc: GB 32100 check character. gbt2260: six digits (shuyuan also looks the code up
// in its division table, which ajv does not have).
const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function uscc(s) {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(s)) return true; // the pattern reports the shape
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += chars.indexOf(s[i]) * weights[i];
  return chars[(31 - (sum % 31)) % 31] === s[17];
}
module.exports = function (ajv) {
  ajv.addFormat("uscc", { type: "string", validate: uscc });
  ajv.addFormat("gbt2260", { type: "string", validate: /^[0-9]{6}$/ });
  return ajv;
};
