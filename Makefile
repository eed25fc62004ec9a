# symtui — everyday commands. `make demo` and `make test` are all a newcomer needs.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
BIN     := bin/symtui

.PHONY: all build test bench bench-scale lint emulator demo fuzz soak clean contract-report

all: lint test build

# cgo needs a C compiler, and Go uses cgo by default where it is enabled.
# The binary needs none: without a compiler (CC unset and no gcc, or CC
# naming one that is not there) every target builds with CGO_ENABLED=0.
NOCGO := $(shell cc="$$($(GO) env CC)"; [ "$$($(GO) env CGO_ENABLED)" = 1 ] && ! command -v $${cc%% *} >/dev/null 2>&1 && echo CGO_ENABLED=0)
GOCMD := $(if $(NOCGO),env $(NOCGO) $(GO),$(GO))

build:
	$(GOCMD) build -ldflags '$(LDFLAGS)' -o $(BIN) .

# -race needs cgo and a C compiler. RACE=auto (the default) uses it where both are there and
# otherwise runs the suite without -race (and without cgo, which would need the same compiler),
# saying so; RACE=on fails instead (CI); RACE=off never uses it.
RACE ?= auto

test:
	@race=-race; cgo=; cc="$$($(GO) env CC)"; \
	if [ "$(RACE)" = off ]; then race=; \
	elif [ "$$($(GO) env CGO_ENABLED)" != 1 ] || ! command -v $${cc%% *} >/dev/null 2>&1; then \
		if [ "$(RACE)" = on ]; then echo "make test: -race needs cgo and a C compiler (CC=$$cc)" >&2; exit 1; fi; \
		race=; cgo=CGO_ENABLED=0; echo "make test: no C compiler for cgo (CC=$$cc), so the tests run without -race"; \
	fi; \
	echo "$$cgo $(GO) test $$race -count=1 ./..." | sed 's/^ *//; s/  */ /g'; \
	env $$cgo $(GO) test $$race -count=1 ./...

bench:
	$(GOCMD) test -run '^$$' -bench . -benchmem ./...

# The pod-scale figures (100,000 users, 20,000 rooms, bulk changes, idle CPU,
# memory), each beside its bound, in one run of a few minutes; needs tmux.
# A figure outside its bound is marked OVER; the run fails only when a
# figure could not be measured (the machine's load moves the figures).
# BASELINE=path/to/another/symtui measures that build's keystroke-to-frame,
# idle CPU and memory beside this one's. FIGURES=load|bulk|process|session
# measures one section of the table only.
bench-scale:
	$(GOCMD) test -c -o bin/views-scale.test ./views/
	bin/views-scale.test -test.run '^TestScaleBench$$$(if $(FIGURES),/^$(FIGURES)$$)' -test.timeout 30m -scale $(if $(BASELINE),-scale-baseline $(BASELINE))

# lint: gofmt, vet, imports pointing one way (a tab never imports another, ui never
# imports views), no non-test file over 500 lines (ui/root*.go: 300), see architecture_test.go;
# no colour outside ui/theme.go, see colour_test.go.
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GOCMD) vet ./...
	$(GOCMD) test -count=1 -run '^(TestImportsPointOneWay|TestImportRulesCatchForbiddenImports|TestFilesStaySmall|TestNoColourOutsideTheTheme|TestColourRuleCatchesColours)$$' .

# A local pod in the foreground; writes a BDK config for it into ./emulator-config.
emulator: build
	$(BIN) emulator --addr 127.0.0.1:8443 --users 2000 --seed 1 --write-config emulator-config

# The console against an embedded emulator.
demo: build
	$(BIN) --demo

# One target per run (go test fuzzes one at a time), each for FUZZTIME; the
# emulator has one per route family. Their seed corpora also run in `make test`.
FUZZTIME      ?= 30s
EMULATOR_FUZZ := Auth Users AdminUsers Rooms Connections Presence Audit Control Paths

fuzz:
	$(GOCMD) test -run '^$$' -fuzz FuzzSanitize -fuzztime $(FUZZTIME) -fuzzminimizetime 0 ./ui/
	$(GOCMD) test -run '^$$' -fuzz FuzzRenderInert -fuzztime $(FUZZTIME) -fuzzminimizetime 0 ./ui/
	$(GOCMD) test -run '^$$' -fuzz FuzzRenderUsers -fuzztime $(FUZZTIME) -fuzzminimizetime 0 ./views/users/
	$(GOCMD) test -run '^$$' -fuzz FuzzRenderRooms -fuzztime $(FUZZTIME) -fuzzminimizetime 0 ./views/rooms/
	$(GOCMD) test -run '^$$' -fuzz FuzzRenderConnections -fuzztime $(FUZZTIME) -fuzzminimizetime 0 ./views/connections/
	for f in $(EMULATOR_FUZZ); do \
		$(GOCMD) test -run '^$$' -fuzz "^FuzzEmulator$$f\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 10s ./pod/contract/ || exit 1; \
	done

# The fault soak (pod/soak): the client against the emulator under a seeded
# fault schedule and an operator's workload for SOAK_FOR, then one line per
# figure against the emulator's truth and "N passed, M failed"; it fails
# when a figure is outside its bound. make test runs it for 30s.
SOAK_FOR  ?= 10m
SOAK_SEED ?= 1

soak:
	$(GOCMD) test -count=1 -timeout 0 -run '^TestSoak$$' -v ./pod/soak/ -soak.for=$(SOAK_FOR) -soak.seed=$(SOAK_SEED)

clean:
	rm -rf bin emulator-config

# Which spec operations the suite exercised (one list per package) in ./contract-report.
contract-report:
	rm -rf contract-report
	SYMTUI_CONTRACT_REPORT_DIR=$(CURDIR)/contract-report $(GOCMD) test -count=1 ./pod/... ./cli/
	cat contract-report/*.txt | awk '{print $$1, $$2}' | sort -u
