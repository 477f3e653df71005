# shuyuan — the two commands a newcomer needs are `make run` and `make test`.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
GO ?= go
BIN := bin/shuyuan
CATALOG ?= catalog
SITE ?= site

.PHONY: all build run test vet gotest lint-catalog schemas fuzz bench deps clean pg-deps

all: build

build: ## compile the CLI into bin/shuyuan
	$(GO) build -o $(BIN) ./cmd/shuyuan

run: build ## lint the default catalog and print the summary
	./$(BIN) lint --catalog $(CATALOG)

test: vet gotest lint-catalog ## everything CI runs

vet:
	$(GO) vet ./...

gotest: pg-deps
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

lint-catalog: build ## the default catalog must lint clean
	./$(BIN) lint --catalog $(CATALOG)

sources: ## regenerate the synthetic catalog/sources/ from generator/synth
	$(GO) run ./cmd/synth -catalog $(CATALOG)

schemas: ## regenerate schemas/ from generator/model
	$(GO) test ./generator/schema -run TestSchemasMatchModel -update

fuzz: ## run each fuzz target for FUZZTIME (default 30s)
	$(GO) test ./generator/load -run '^$$' -fuzz FuzzParse -fuzztime $${FUZZTIME:-30s}
	$(GO) test ./generator/validator -run '^$$' -fuzz FuzzParseResidentID -fuzztime $${FUZZTIME:-30s}

bench: build ## benchmarks against the peers; see bench/README.md
	@echo "no benchmarks yet"

clean:
	rm -rf bin $(SITE)
