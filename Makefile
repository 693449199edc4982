# pmswitch — build, run, check, install.
#   make            build the VMM (build/pmswitch) and the payloads (build/payloads/)
#   make run        run the default example pair (natively, or in the emulated Intel host)
#   make check      unit tests, then the KVM tests natively or inside the emulated hosts,
#                   then one run of make bench (the smoke)
#   make bench      benchmarks, natively and in both emulated hosts (not a test)
#   make check SANITIZE=address,undefined
#                   the same with the VMM, libvmm and the unit tests built with
#                   -fsanitize=$(SANITIZE) (any list gcc takes) into build/san/
#                   (BUILD's default then); the payloads and images stay as they
#                   are. Any sanitizer report fails the run (no recovery).
#   make install    PREFIX=/usr/local DESTDIR=
# Missing Debian packages are installed when run as root; otherwise the
# exact apt-get command is printed.

VERSION   := 0.1.0
# A build folder keeps the SANITIZE it was built with ($(BUILD)/.sanitize): a
# later make with BUILD=that folder and no SANITIZE (the install test's) uses
# it; a different SANITIZE for the same folder rebuilds everything in it.
ifeq ($(origin SANITIZE)$(origin BUILD),undefinedcommand line)
SANITIZE  := $(shell cat $(BUILD)/.sanitize 2>/dev/null)
endif
ifeq ($(origin SANITIZE)$(origin BUILD),undefinedenvironment)
SANITIZE  := $(shell cat $(BUILD)/.sanitize 2>/dev/null)
endif
SANITIZE  ?=
ifneq ($(SANITIZE),)
BUILD     ?= build/san
else
BUILD     ?= build
endif
SANITIZE_STAMP := $(BUILD)/.sanitize
$(shell [ "$$(cat $(SANITIZE_STAMP) 2>/dev/null)" = "$(SANITIZE)" ] || rm -f $(SANITIZE_STAMP))
PREFIX    ?= /usr/local
LIBDIR    ?= $(PREFIX)/lib/pmswitch
CC        ?= gcc
PKG_CONFIG ?= pkg-config

BUILD_PKGS := gcc make pkg-config libelf-dev libcap-dev libseccomp-dev
CHECK_PKGS := libcriterion-dev bochs bochsbios vgabios bochs-term qemu-system-x86 \
              busybox-static cpio syslinux syslinux-common mtools dosfstools \
              python3 perl mandoc man-db zsh fish time

WARN      := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
             -Wno-unused-parameter
CFLAGS    ?= -O2 -g
# Sanitizers: compiled and linked into the VMM, libvmm and the unit tests only.
# PMSWITCH_SANITIZE tells the sandbox (vmm/cli/sandbox.c) to let the runtime
# do its leak check before the seccomp filter forbids what that check needs.
ifneq ($(SANITIZE),)
SAN_FLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
SAN_DEFS  := -DPMSWITCH_SANITIZE=1
endif
VMM_CFLAGS := $(CFLAGS) $(SAN_FLAGS) $(SAN_DEFS) $(WARN) -std=gnu11 -D_GNU_SOURCE -MMD -MP -Iinclude -Ivmm \
             -I$(BUILD)/gen \
             -DPMSWITCH_VERSION='"$(VERSION)"' -DPMSWITCH_LIBDIR='"$(LIBDIR)"'
VMM_LIBS   = $(shell $(PKG_CONFIG) --libs libelf 2>/dev/null || echo -lelf) \
             $(shell $(PKG_CONFIG) --libs libcap libseccomp 2>/dev/null || echo -lcap -lseccomp)

VMM_SRCS  := $(sort $(shell find vmm -name '*.c'))
VMM_OBJS  := $(VMM_SRCS:%.c=$(BUILD)/%.o)
VMM_LIB_OBJS := $(filter-out $(BUILD)/vmm/main.o,$(VMM_OBJS))

UNIT_SRCS := $(sort $(shell find tests/unit -name 'test_*.c'))
UNIT_BINS := $(UNIT_SRCS:%.c=$(BUILD)/%)

.PHONY: all deps deps-check run check unit integration bench bench-smoke install uninstall clean distclean
all: deps $(BUILD)/pmswitch payloads examples

# ---- packages ---------------------------------------------------------------
define ensure_pkgs
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	  grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "pmswitch: installing Debian packages:" $$missing; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    { apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; } >$(BUILD)/apt.log 2>&1 || \
	      { cat $(BUILD)/apt.log; echo "pmswitch: apt-get failed" >&2; exit 1; }; \
	  else \
	    echo "pmswitch: missing packages; run: sudo apt-get install" $$missing >&2; exit 1; \
	  fi; \
	fi
endef

deps: $(BUILD)/.deps-build
deps-check: $(BUILD)/.deps-check
$(BUILD)/.deps-build:
	@mkdir -p $(BUILD)
	$(call ensure_pkgs,$(BUILD_PKGS))
	@touch $@
$(SANITIZE_STAMP):
	@mkdir -p $(BUILD)
	@echo '$(SANITIZE)' >$@
$(BUILD)/.deps-check: | $(BUILD)/.deps-build
	$(call ensure_pkgs,$(CHECK_PKGS))
	@touch $@

# ---- the VMM ----------------------------------------------------------------
$(BUILD)/pmswitch: $(VMM_OBJS)
	$(CC) $(LDFLAGS) $(SAN_FLAGS) -o $@ $^ $(VMM_LIBS)

$(BUILD)/libvmm.a: $(VMM_LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

# The system calls' names, for the seccomp report (vmm/cli/sandbox_filter.c),
# from the C library's own headers: the signal handler looks nothing up.
SYSCALL_NAMES := $(BUILD)/gen/syscall_names.h
$(SYSCALL_NAMES): | $(BUILD)/.deps-build
	@mkdir -p $(dir $@)
	echo '#include <sys/syscall.h>' | $(CC) -dM -E -x c - | awk '$$1 == "#define" && \
	  $$2 ~ /^__NR_/ && $$3 ~ /^[0-9]+$$/ { printf "\t[%s] = \"%s\",\n", $$3, substr($$2, 6) }' >$@.tmp
	mv $@.tmp $@
$(BUILD)/vmm/cli/sandbox_filter.o: $(SYSCALL_NAMES)

$(BUILD)/vmm/%.o: vmm/%.c $(SANITIZE_STAMP) | $(BUILD)/.deps-build
	@mkdir -p $(dir $@)
	$(CC) $(VMM_CFLAGS) -c -o $@ $<

# ---- payloads (freestanding guest code) -------------------------------------
include payloads/payloads.mk
include tests/integration/hostile/hostile.mk

# ---- tests ------------------------------------------------------------------
UNIT_CFLAGS = $(VMM_CFLAGS) $(shell $(PKG_CONFIG) --cflags criterion 2>/dev/null)
UNIT_LIBS   = $(shell $(PKG_CONFIG) --libs criterion 2>/dev/null || echo -lcriterion) $(VMM_LIBS)

$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/libvmm.a $(SANITIZE_STAMP) | $(BUILD)/.deps-check
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CFLAGS) -o $@ $< $(BUILD)/libvmm.a $(UNIT_LIBS)

unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t --jobs=2; done

# The KVM tests: natively when this host's /dev/kvm has what they need,
# and inside both emulated hosts otherwise (tests/integration/run-all).
integration: all
	tests/integration/run-all --build $(BUILD)

check: deps-check all unit integration bench-smoke

run: all
	tests/integration/make-run --build $(BUILD)

# Benchmarks (not tests): costs as ratios to a minimal KVM process, natively
# and in both emulated hosts (tests/bench/run). BENCH_BEFORE=REV also
# measures git revision REV's pmswitch beside this one. The smoke, one run
# on one host with the JSON checked, is part of make check.
BENCH_BINS := $(BUILD)/tests/bench/bench $(BUILD)/tests/bench/kvm_floor \
              $(BUILD)/tests/bench/peer.elf
$(BUILD)/tests/bench/%: tests/bench/%.c | $(BUILD)/.deps-build
	@mkdir -p $(dir $@)
	$(CC) -O2 -Wall -Wextra -o $@ $<
# The QEMU peer's guest: a PVH ELF that microvm boots without firmware work.
$(BUILD)/tests/bench/peer.elf: tests/bench/peer/peer.S tests/bench/peer/peer.ld | $(BUILD)/.deps-build
	@mkdir -p $(dir $@)
	$(CC) -m32 -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-T,tests/bench/peer/peer.ld -o $@ $<
bench: all $(BENCH_BINS) | $(BUILD)/.deps-check
	tests/bench/run --build $(BUILD) $(if $(BENCH_BEFORE),--before $(BENCH_BEFORE))
bench-smoke: all $(BENCH_BINS) | $(BUILD)/.deps-check
	tests/bench/run --build $(BUILD) --smoke

# ---- install ----------------------------------------------------------------
DATADIR  ?= $(PREFIX)/share
MANDIR   ?= $(DATADIR)/man
EXDIR    := $(DATADIR)/pmswitch/examples
INCDIR   ?= $(PREFIX)/include
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR  ?= $(DATADIR)/zsh/site-functions
FISHCOMPDIR ?= $(DATADIR)/fish/vendor_completions.d

install: all
	install -Dm755 $(BUILD)/pmswitch $(DESTDIR)$(PREFIX)/bin/pmswitch
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(EXDIR) $(DESTDIR)$(INCDIR)/pmswitch
	install -m644 $(PAYLOAD_ELFS) $(DESTDIR)$(LIBDIR)/
	install -m644 $(EXAMPLE_ELFS) payloads/examples/*.c payloads/examples/image.ld $(DESTDIR)$(EXDIR)/
	install -m644 include/pmswitch/*.h $(DESTDIR)$(INCDIR)/pmswitch/
	install -Dm644 man/pmswitch.1 $(DESTDIR)$(MANDIR)/man1/pmswitch.1
	install -Dm644 completions/pmswitch.bash $(DESTDIR)$(BASHCOMPDIR)/pmswitch
	install -Dm644 completions/_pmswitch $(DESTDIR)$(ZSHCOMPDIR)/_pmswitch
	install -Dm644 completions/pmswitch.fish $(DESTDIR)$(FISHCOMPDIR)/pmswitch.fish

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/pmswitch $(DESTDIR)$(MANDIR)/man1/pmswitch.1
	rm -f $(DESTDIR)$(BASHCOMPDIR)/pmswitch $(DESTDIR)$(ZSHCOMPDIR)/_pmswitch
	rm -f $(DESTDIR)$(FISHCOMPDIR)/pmswitch.fish
	rm -rf $(DESTDIR)$(LIBDIR) $(DESTDIR)$(DATADIR)/pmswitch $(DESTDIR)$(INCDIR)/pmswitch

clean:
	rm -rf $(BUILD)/vmm $(BUILD)/payloads $(BUILD)/tests $(BUILD)/pmswitch $(BUILD)/libvmm.a

distclean:
	rm -rf $(BUILD)

-include $(VMM_OBJS:.o=.d)
-include $(UNIT_BINS:=.d)
