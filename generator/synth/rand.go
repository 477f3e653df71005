package synth

import "hash/fnv"

// rng is a splitmix64 generator: tiny, fast and, unlike math/rand helpers, fixed forever,
// so the committed sources never drift when the Go toolchain changes.
type rng struct{ s uint64 }

// newRNG seeds a generator from a name, so each file has its own stream and changing one
// file's generator leaves the others untouched.
func newRNG(name string) *rng {
	h := fnv.New64a()
	h.Write([]byte("shuyuan-synth/v1/" + name))
	return &rng{s: h.Sum64()}
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n); n must be positive. The modulo bias is below 2^-40 for
// the small n used here.
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// float returns a number in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return r.float() < p }

// pick returns a random element of xs.
func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// weighted is a value with a relative weight.
type weighted[T any] struct {
	v T
	w int
}

// pickWeighted returns a value with probability proportional to its weight.
func pickWeighted[T any](r *rng, xs []weighted[T]) T {
	total := 0
	for _, x := range xs {
		total += x.w
	}
	n := r.intn(total)
	for _, x := range xs {
		if n < x.w {
			return x.v
		}
		n -= x.w
	}
	return xs[len(xs)-1].v
}
