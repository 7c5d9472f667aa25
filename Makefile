# Front door. The real build is CMake (host tools, tests, guest images);
# this file only sequences set-up, build, run, test and bench.
#
#   make run     boot the default manifest in QEMU (the product; prints how to
#                log in as $USER, password in build/local/operator.password)
#   make test    everything: host unit tests, fuzz smoke, QEMU scenarios
#   make bench   benchmark table (never fails on a time)
#   make deps    install/fetch dependencies once (stamped)

SHELL := /bin/bash
BUILD ?= build
export BUILD
HOST := $(BUILD)/host
DEPS_STAMP := $(BUILD)/stamps/deps

.PHONY: all deps build run test bench fuzz clean format run-remote-session-capset-interop \
	run-remote-session-capset-interop-tls run-remote-session-terminal \
	run-remote-session-adventure-interop run-remote-session-capset-ui run-remote-session-rpc \
	run-remote-session-tls

all: build

# Says which mbedTLS the build uses (fetch-sources.sh records the Debian
# version and release beside the tree), whether or not the stamp was fresh.
MBEDTLS_TREE := build/src/mbedtls
deps: $(DEPS_STAMP)
	@v=$$(cat $(MBEDTLS_TREE)/.debian-version 2>/dev/null || echo missing) && \
	  r=$$(cat $(MBEDTLS_TREE)/.debian-release 2>/dev/null || echo unknown) && \
	  echo "[deps] mbedtls $${v%-*} ($$r, Debian $$v)"
$(DEPS_STAMP): tools/deps/install.sh tools/deps/fetch-sources.sh package.json package-lock.json
	bash tools/deps/install.sh
	@mkdir -p $(dir $@) && touch $@

build: deps
	@cmake -S . -B $(HOST) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(HOST) --target all images

run: build
	tools/run-qemu --manifest system

test: build
	bash qemu-tests/run-all.sh

# Boots system-remote-session-capset-interop and drives the host CLI through
# the remote-session story (qemu-tests/interop/); exit 0 iff every proof held.
run-remote-session-capset-interop: build
	python3 qemu-tests/interop/run_interop.py

# The same story over TLS, against system-remote-session-capset-interop-tls
# (what `make test` runs).
run-remote-session-capset-interop-tls: build
	python3 qemu-tests/interop/run_interop.py --tls

# Boots system-remote-session-adventure-interop and drives the CLI through
# the service catalog, launches and denials, Adventure and Paperclips, and
# the logout teardown (qemu-tests/interop/run_adventure.py).
run-remote-session-adventure-interop: build
	python3 qemu-tests/interop/run_adventure.py

# Boots system-remote-session-capset-ui and proves the self-served UI on the
# guest's own :8080: the HTTP-level security suite, browser-session expiry
# and the Chromium proof (qemu-tests/interop/run_ui.py).
run-remote-session-capset-ui: build
	python3 qemu-tests/interop/run_ui.py

# Boots system-remote-session-terminal and proves terminals: session-bound
# shells, owner/follower, exact resume, flow control, and the CLI under a
# pseudo-terminal (qemu-tests/interop/run_terminal.py).
run-remote-session-terminal: build
	python3 qemu-tests/interop/run_terminal.py

# Boots system-remote-session-rpc and proves standard Cap'n Proto RPC on
# guest :2328: a stock client's authMethods, hostile messages closing only
# their own connection, the bounds (qemu-tests/interop/run_rpc.py).
run-remote-session-rpc: build
	python3 qemu-tests/interop/run_rpc.py

# Boots system-remote-session-tls and proves the gateway's TLS port with
# openssl s_client and Python's ssl module, refusals included
# (qemu-tests/interop/run_tls.py).
run-remote-session-tls: build
	python3 qemu-tests/interop/run_tls.py

bench: build
	bash qemu-tests/bench.sh

fuzz: build
	bash qemu-tests/fuzz-smoke.sh

format:
	git ls-files '*.h' '*.cc' | xargs clang-format -i

clean:
	rm -rf $(HOST)
