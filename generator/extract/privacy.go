package extract

import (
	"bufio"
	"encoding/binary"
	"io"
	"math"
	"os"
)

// groupSubjMax is how many subjects of one group analyse holds in memory before it
// spills them to a temporary file.
const groupSubjMax = 64 * 1024

// lTag marks a privacy record that carries a sensitive value (l-diversity) rather than
// a subject; subject hashes have the top bit clear.
const lTag = 1 << 63

// privacyRecord is the sort record of a (group, subject) or (group, sensitive value)
// pair; v counts rows.
func privacyRecord(k classKey, h uint64) record {
	return record{k[0], k[1], h, 1}
}

// verdict is the outcome of the k/l analysis: which groups are suppressed.
type verdict struct {
	// keep holds the published groups when listPublished, else the suppressed ones:
	// whichever list is shorter, so memory is at most rows/k entries.
	set           map[classKey]struct{}
	listPublished bool
	report        PrivacyReport
}

func (v *verdict) suppressed(k classKey) bool {
	_, in := v.set[k]
	return in != v.listPublished
}

// analyse reads the sorted privacy records and decides each group: a group is
// published when it has at least k distinct subjects and, with l, at least l distinct
// sensitive values; otherwise every row of it is suppressed. Suppressed subjects are
// counted distinct through a second external sort. limit is the suppression budget
// in rows: past it the extract fails, so no more suppressed groups are listed, and the
// group lists hold at most rows/k published and limit+1 suppressed groups.
func analyse(it iterator, k, l int, tmp string, limit int64) (*verdict, error) {
	defer it.close()
	v := &verdict{}
	var (
		published, suppressed []classKey
		cur                   classKey
		have                  bool
		subjects, lvals, rows int64
		groupSubj             []uint64
	)
	subjSorter := newSorter(tmp, true)  // suppressed subjects, distinct
	allSubjects := newSorter(tmp, true) // every subject, distinct
	gs := &u64Spill{dir: tmp}
	defer gs.close()
	minK, minL := int64(math.MaxInt64), int64(math.MaxInt64)
	flushGroup := func() error {
		if !have {
			return nil
		}
		v.report.Groups++
		if subjects >= int64(k) && (l == 0 || lvals >= int64(l)) {
			published = append(published, cur)
			minK = min(minK, subjects)
			if l > 0 {
				minL = min(minL, lvals)
			}
		} else {
			if v.report.RowsSuppressed <= limit {
				// past the budget the extract fails: the list need not grow
				suppressed = append(suppressed, cur)
			}
			v.report.GroupsSuppressed++
			v.report.RowsSuppressed += rows
			for _, s := range groupSubj {
				if err := subjSorter.add(record{s, 0, 0, 1}); err != nil {
					return err
				}
			}
			if err := gs.drain(func(s uint64) error { return subjSorter.add(record{s, 0, 0, 1}) }); err != nil {
				return err
			}
		}
		return gs.reset()
	}
	for {
		r, ok, err := it.next()
		if err != nil {
			return nil, err
		}
		key := classKey{r.k0, r.k1}
		if !ok || !have || key != cur {
			if err := flushGroup(); err != nil {
				return nil, err
			}
			if !ok {
				break
			}
			cur, have, subjects, lvals, rows, groupSubj = key, true, 0, 0, 0, groupSubj[:0]
		}
		if r.k2&lTag != 0 {
			lvals++
			continue
		}
		subjects++
		rows += int64(r.v)
		if err := allSubjects.add(record{r.k2, 0, 0, 1}); err != nil {
			return nil, err
		}
		// a suppressed group's subjects are counted as suppressed people: without l
		// only groups below k are suppressed, so k subjects suffice; with l any group
		// may be, so its subjects are kept (spilled past groupSubjMax)
		switch {
		case l == 0 && subjects > int64(k):
		case len(groupSubj) < groupSubjMax:
			groupSubj = append(groupSubj, r.k2)
		default:
			if err := gs.add(r.k2); err != nil {
				return nil, err
			}
		}
	}
	if minK != math.MaxInt64 {
		v.report.KAchieved = int(minK)
	}
	if minL != math.MaxInt64 {
		v.report.LAchieved = int(minL)
	}
	n, err := countDistinct(allSubjects)
	if err != nil {
		return nil, err
	}
	v.report.Subjects = n
	if n, err = countDistinct(subjSorter); err != nil {
		return nil, err
	}
	v.report.SubjectsSuppressed = n
	list := suppressed
	if len(published) < len(suppressed) {
		list, v.listPublished = published, true
	}
	v.set = make(map[classKey]struct{}, len(list))
	for _, c := range list {
		v.set[c] = struct{}{}
	}
	return v, nil
}

func countDistinct(s *sorter) (int64, error) {
	it, err := s.finish()
	if err != nil {
		return 0, err
	}
	defer it.close()
	var n int64
	for {
		_, ok, err := it.next()
		if err != nil {
			return 0, err
		}
		if !ok {
			return n, nil
		}
		n++
	}
}

// u64Spill is a temporary file of uint64s, written then drained once.
type u64Spill struct {
	dir string
	f   *os.File
	w   *bufio.Writer
	n   int64
}

func (u *u64Spill) add(x uint64) error {
	if u.f == nil {
		f, err := os.CreateTemp(u.dir, ".subjects-")
		if err != nil {
			return err
		}
		u.f, u.w = f, bufio.NewWriterSize(f, 64<<10)
	}
	u.n++
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], x)
	_, err := u.w.Write(b[:])
	return err
}

// drain calls f with every value written since the last reset.
func (u *u64Spill) drain(f func(uint64) error) error {
	if u.n == 0 {
		return nil
	}
	if err := u.w.Flush(); err != nil {
		return err
	}
	if _, err := u.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	r := bufio.NewReaderSize(u.f, 64<<10)
	var b [8]byte
	for i := int64(0); i < u.n; i++ {
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return err
		}
		if err := f(binary.LittleEndian.Uint64(b[:])); err != nil {
			return err
		}
	}
	return nil
}

func (u *u64Spill) reset() error {
	if u.n == 0 {
		return nil
	}
	u.n = 0
	if _, err := u.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	u.w.Reset(u.f)
	return u.f.Truncate(0)
}

func (u *u64Spill) close() {
	if u.f != nil {
		u.f.Close()
		os.Remove(u.f.Name())
	}
}
