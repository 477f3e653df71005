# shuyuan — the two commands a newcomer needs are `make run` and `make test`.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
GO ?= go
BIN := bin/shuyuan
CATALOG ?= catalog
SITE ?= site

# Demonstration keys (outputs.md "Keys"): PUBLIC values, NOT secret, so that the default catalog
# extracts and signs on a fresh machine. The signing key is derived from the public seed in
# generator/sign (sign.DemoSeed); its public key is catalog/keys/portal.pub. Real deployments set
# SHUYUAN_SIGNING_KEY and every dataset key as CI secrets; these defaults never override them.
DEMO_KEYS := .cache/demo-keys
export SHUYUAN_KEY_DEMO ?= shuyuan-demo-key-PUBLIC-NOT-SECRET-do-not-use-in-production
export SHUYUAN_SIGNING_KEY ?= file:$(CURDIR)/$(DEMO_KEYS)/portal.key
.PHONY: demo-keys minisign-deps duckdb-deps bench-extract

.PHONY: shacl-deps bench-pii bench-lint bench-site all build run test vet fmt staticcheck gotest lint-catalog schemas fuzz stress bench deps clean pg-deps shellcheck-deps codeowners extract-changed browser-deps bench-pg

all: build

# The first build downloads the modules and compiles every package, which takes a while
# with no output from go; say so, so that `make run` on a fresh clone does not look stuck.
build: ## compile the CLI into bin/shuyuan
	@[ -e $(BIN) ] || echo "make: building $(BIN) for the first time: go downloads the modules and compiles every package once (a minute or more; later builds take seconds)..." >&2
	$(GO) build -o $(BIN) ./cmd/shuyuan

ADDR ?= 127.0.0.1:8080

# The default catalog is a demonstration snapshot whose dates are as of NOW, so the
# `stale` rule is measured against that day and the demo keeps building as it ages.
# A real catalog measures against today: `make lint-catalog NOW=` (empty).
NOW ?= 2026-11-24
NOW_FLAG = $(if $(NOW),--now $(NOW))

# The datasets of the default catalog read from department databases get their downloads from
# a throwaway PostgreSQL that generator/internal/demorun starts (with the synthetic tables of
# generator/synth) and stops when serve ends; without PostgreSQL (pg-deps could not install it)
# it says so and they are published without a download.
DEMORUN := bin/demorun
run: build demo-keys pg-deps ## build the default catalog with the demo keys and databases and serve it, printing the URL
	@$(GO) build -o $(DEMORUN) ./generator/internal/demorun
	SHUYUAN_DEMO=1 ./$(DEMORUN) -- ./$(BIN) serve --catalog $(CATALOG) --out $(SITE) --addr $(ADDR) $(NOW_FLAG)

test: vet fmt staticcheck gotest lint-catalog ## everything CI runs

vet:
	$(GO) vet ./...

# gofmt: any unformatted Go file fails the run.
fmt:
	@out="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.cache/*'))"; \
	if [ -n "$$out" ]; then echo "fmt: gofmt would change these files (run gofmt -w):"; echo "$$out"; exit 1; fi

# staticcheck at a pinned version (honnef.co/go/tools v0.8.2, the 2025.1 series, which
# supports go1.26), installed once into the git-ignored .cache.
STATICCHECK_VERSION ?= v0.8.2
STATICCHECK := .cache/staticcheck/$(STATICCHECK_VERSION)/staticcheck
staticcheck:
	@[ -x $(STATICCHECK) ] || { echo "staticcheck: installing honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) into .cache"; \
	  GOBIN=$(CURDIR)/$(dir $(STATICCHECK)) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION); }
	$(STATICCHECK) ./...

gotest: pg-deps shellcheck-deps browser-deps minisign-deps shacl-deps duckdb-deps demo-keys
	$(GO) test -count=1 ./...

# PostgreSQL for the postgres-source tests: Debian's postgresql, installed only when initdb and
# pg_ctl are missing (apt-get update once). When it cannot be installed the tests skip, or
# fail under CI=true.
pg-deps:
	@if ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  exit 0; fi; \
	sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	echo "pg-deps: installing Debian's postgresql"; \
	if $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null; then \
	  echo "pg-deps: installed $$(ls -d /usr/lib/postgresql/*/bin | tail -1)"; \
	else echo "pg-deps: WARNING: could not install postgresql; the PostgreSQL tests will skip (fail under CI=true)" >&2; fi

# shellcheck lets the actionlint test check the workflows' run scripts: Debian's package,
# installed only when missing.
shellcheck-deps:
	@command -v shellcheck >/dev/null 2>&1 && exit 0; \
	sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	echo "shellcheck-deps: installing Debian's shellcheck"; \
	if $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends shellcheck >/dev/null; then \
	  echo "shellcheck-deps: installed $$(command -v shellcheck)"; \
	else echo "shellcheck-deps: WARNING: could not install shellcheck; workflow scripts are not checked (fails under CI=true)" >&2; fi

# The browser tests (generator/browsertest): Debian's chromium and fonts-noto-cjk, installed
# only when missing, and axe-core from npm into the git-ignored .cache/npm. When they cannot
# be installed the tests skip, or fail under CI=true.
AXE_VERSION ?= 4.14.1
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v fc-list >/dev/null 2>&1 || ! fc-list ':lang=zh' | grep -qi 'Noto Sans CJK'; then \
	  sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  echo "browser-deps: installing Debian's chromium and fonts-noto-cjk"; \
	  if $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends chromium fontconfig fonts-noto-cjk fonts-liberation >/dev/null; then \
	    echo "browser-deps: installed $$(chromium --version 2>/dev/null)"; \
	  else echo "browser-deps: WARNING: could not install chromium; the browser tests will skip (fail under CI=true)" >&2; fi; \
	fi
	@if [ ! -f .cache/npm/node_modules/axe-core/axe.min.js ] || ! grep -q '"version": "$(AXE_VERSION)"' .cache/npm/node_modules/axe-core/package.json; then \
	  echo "browser-deps: installing axe-core@$(AXE_VERSION) into .cache/npm"; \
	  mkdir -p .cache/npm; \
	  npm install --prefix .cache/npm --no-save --no-audit --no-fund --loglevel=error axe-core@$(AXE_VERSION) >/dev/null \
	    || echo "browser-deps: WARNING: could not install axe-core; the accessibility test will skip (fail under CI=true)" >&2; \
	fi

# The DCAT-AP SHACL test (generator/harvest): rdf-validate-shacl, n3 and jsonld-streaming-parser
# from npm, at the exact versions of generator/harvest/testdata/shacl/package-lock.json, installed
# with `npm ci` into the git-ignored .cache/npm-shacl when the lock file changed. When they cannot
# be installed the test skips, or fails under CI=true.
SHACL_LOCK := generator/harvest/testdata/shacl/package-lock.json
shacl-deps:
	@if ! cmp -s $(SHACL_LOCK) .cache/npm-shacl/package-lock.json || [ ! -d .cache/npm-shacl/node_modules/rdf-validate-shacl ]; then \
	  echo "shacl-deps: installing the SHACL validator (npm ci) into .cache/npm-shacl"; \
	  rm -rf .cache/npm-shacl && mkdir -p .cache/npm-shacl && \
	  cp generator/harvest/testdata/shacl/package.json $(SHACL_LOCK) .cache/npm-shacl/ && \
	  npm ci --prefix .cache/npm-shacl --no-audit --no-fund --loglevel=error >/dev/null \
	    || { rm -f .cache/npm-shacl/package-lock.json; echo "shacl-deps: WARNING: could not install the SHACL validator; the DCAT-AP SHACL test will skip (fail under CI=true)" >&2; }; \
	fi

codeowners: build ## regenerate .github/CODEOWNERS from the departments' teams
	./$(BIN) codeowners --catalog $(CATALOG) --out .github/CODEOWNERS

BASE ?= origin/main
# Pull-request check: extract the datasets changed since BASE with throw-away random keys
# (the output is checked, then deleted; nothing is published and no secret is needed).
extract-changed: build ## extract the datasets changed since BASE (default origin/main)
	@ids="$$(./$(BIN) changed --catalog $(CATALOG) --base '$(BASE)' --extractable)"; \
	if [ -z "$$ids" ]; then echo "extract-changed: no dataset changed since $(BASE)"; exit 0; fi; \
	for k in $$(./$(BIN) changed --catalog $(CATALOG) --base '$(BASE)' --extractable --keys 2>/dev/null); do \
	  export "$$k=$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"; done; \
	out="$$(mktemp -d)"; trap 'rm -rf "$$out"' EXIT; \
	echo "extract-changed:" $$ids; \
	./$(BIN) extract --catalog $(CATALOG) --out "$$out" $$ids

lint-catalog: build ## the default catalog must lint clean
	./$(BIN) lint --catalog $(CATALOG) $(NOW_FLAG)

sources: ## regenerate the synthetic catalog/sources/ from generator/synth
	$(GO) run ./cmd/synth -catalog $(CATALOG)

schemas: ## regenerate schemas/ from generator/model
	$(GO) test ./generator/schema -run TestSchemasMatchModel -update

# The slow cases of the adversarial sweep (testdata/adversarial): builds killed with SIGKILL in
# a loop, sources of hundreds of MB, the largest accepted guide page. `make test` runs the
# fast ones.
stress: ## run the slow adversarial cases: kill loops and large inputs (testdata/adversarial)
	SHUYUAN_STRESS=1 $(GO) test -count=1 -timeout 30m ./generator/cli -run '^TestAdversarial$$' -v

# Every Fuzz target of every package, each for FUZZTIME: the targets come from
# `go test -list '^Fuzz' ./...`, so a new one is fuzzed without editing this file.
# Not part of `make test`. A crasher is saved under the package's testdata/fuzz/.
FUZZTIME ?= 30s
fuzz: ## run every fuzz target for FUZZTIME (default 30s)
	@targets="$$($(GO) test -list '^Fuzz' ./... | awk '/^Fuzz/ { f[n++] = $$1; next } /^ok / { for (i = 0; i < n; i++) print $$2, f[i]; n = 0 }')"; \
	if [ -z "$$targets" ]; then echo "fuzz: go test -list found no Fuzz target" >&2; exit 1; fi; \
	echo "fuzz: $$(wc -l <<<"$$targets") targets, $(FUZZTIME) each"; \
	while read -r pkg target; do \
	  echo "fuzz: $$pkg $$target"; \
	  $(GO) test "$$pkg" -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) </dev/null; \
	done <<<"$$targets"

bench: build bench-pii bench-lint bench-extract bench-pg bench-site ## benchmarks against the peers; see bench/README.md
	$(GO) test ./generator/search ./generator/feed ./generator/harvest -run '^$$' -bench . -benchtime 3x -benchmem

# The PII scanner (generator/pii, docs/pii.md): recall of planted identifiers by kind and
# form and innocent columns flagged on the committed corpus (generator/pii/testdata), then
# the scanner's speed in ns per cell.
bench-pii:
	$(GO) run ./generator/pii/internal/gencorpus -in generator/pii/testdata/corpus.csv -table
	$(GO) test ./generator/pii -run '^$$' -bench . -benchtime 2s

# Lint: LINT_BENCH_N (default 10,000) generated dataset files, `shuyuan lint` (schema + all
# rules) against ajv-cli (npm, installed into the git-ignored .cache/npm-ajv) validating the
# same files as YAML against schemas/dataset.schema.json; prints both times and the ratio.
bench-lint: build
	bench/lint/run.sh

# The portal build: shuyuan vs Debian's hugo (installed when missing) rendering the same pages
# of a generated 10,000-dataset catalog, both writing to /dev/shm, then 100,000 datasets.
bench-site: build
	bench/site/run.sh

# PostgreSQL source: PG_BENCH_ROWS (default 5M) synthetic people from a throwaway cluster to
# de-identified Parquet, with the policy pushed down into the database and from the raw rows,
# beside the same rows exported to CSV; wall time, rows/s, bytes received, peak RSS and CPU
# (docs/scale.md "Inside the database").
bench-pg: build pg-deps
	$(GO) run ./generator/internal/pgbench -rows $${PG_BENCH_ROWS:-5000000} -bin $(BIN)

# The demonstration signing key (see DEMO_KEYS above), written once into the git-ignored .cache.
demo-keys: build
	@[ -f $(DEMO_KEYS)/portal.key ] || ./$(BIN) keygen --demo --secret $(DEMO_KEYS)/portal.key >/dev/null

# minisign lets the signing test check data/SHA256SUMS.minisig with the standard tool researchers
# use: Debian's package, installed only when missing.
# DuckDB for the test that runs the interfaces page's DuckDB example (generator/cli):
# @duckdb/node-api at a pinned version, whose platform package carries the prebuilt
# library, into the git-ignored .cache/npm-duckdb (where bench-extract also finds it).
DUCKDB_NODE_VERSION ?= 1.5.6-r.1
duckdb-deps:
	@if ! grep -qs '"version": "$(DUCKDB_NODE_VERSION)"' .cache/npm-duckdb/node_modules/@duckdb/node-api/package.json; then \
	  echo "duckdb-deps: installing @duckdb/node-api@$(DUCKDB_NODE_VERSION) into .cache/npm-duckdb"; \
	  mkdir -p .cache/npm-duckdb; \
	  npm install --prefix .cache/npm-duckdb --no-save --no-audit --no-fund --loglevel=error @duckdb/node-api@$(DUCKDB_NODE_VERSION) >/dev/null \
	    || echo "duckdb-deps: WARNING: could not install DuckDB; the DuckDB example test will skip (fail under CI=true)" >&2; \
	fi

minisign-deps:
	@command -v minisign >/dev/null 2>&1 && exit 0; \
	sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	echo "minisign-deps: installing Debian's minisign"; \
	if $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends minisign >/dev/null; then \
	  echo "minisign-deps: installed $$(command -v minisign)"; \
	else echo "minisign-deps: WARNING: could not install minisign; signature interoperability is not checked (fails under CI=true)" >&2; fi

# Extract benchmark: EXTRACT_BENCH_ROWS (default 5M) generated rows (10 per person), 12 columns,
# quality checks on every row, person-level k=10 over birth year and district, HMAC token + masks +
# date->month, a scan for undeclared identifiers, zstd Parquet and CSV out, shuyuan against DuckDB
# (npm, installed into the git-ignored .cache/npm-duckdb) doing the same in SQL; wall time, CPU time,
# peak RSS (/usr/bin/time -v), output sizes and the load average side by side.
bench-extract: build
	$(GO) run ./generator/internal/extractbench -rows $${EXTRACT_BENCH_ROWS:-5000000} -bin $(BIN)

clean: ## remove the binary and the site (--out is a link into .<site>.builds/, see docs/output-directory.md)
	rm -rf bin $(SITE) $(dir $(SITE)).$(notdir $(SITE)).builds
