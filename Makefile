# shuyuan — the two commands a newcomer needs are `make run` and `make test`.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
GO ?= go
BIN := bin/shuyuan
CATALOG ?= catalog
SITE ?= site

.PHONY: all build run test vet gotest lint-catalog schemas fuzz bench deps clean

all: build

build: ## compile the CLI into bin/shuyuan
	$(GO) build -o $(BIN) ./cmd/shuyuan

run: build ## lint the default catalog and print the summary
	./$(BIN) lint --catalog $(CATALOG)

test: vet gotest lint-catalog ## everything CI runs

vet:
	$(GO) vet ./...

gotest:
	$(GO) test -count=1 ./...

lint-catalog: build ## the default catalog must lint clean
	./$(BIN) lint --catalog $(CATALOG)

schemas: ## regenerate schemas/ from generator/model
	$(GO) test ./generator/schema -run TestSchemasMatchModel -update

fuzz: ## run each fuzz target for FUZZTIME (default 30s)
	$(GO) test ./generator/load -run '^$$' -fuzz FuzzParse -fuzztime $${FUZZTIME:-30s}
	$(GO) test ./generator/validator -run '^$$' -fuzz FuzzParseResidentID -fuzztime $${FUZZTIME:-30s}

bench: build ## benchmarks against the peers; see bench/README.md
	@echo "no benchmarks yet"

clean:
	rm -rf bin $(SITE)
