# Freestanding guest code, built for both widths: build/payloads/NAME{32,64}.elf.
# A payload is a folder payloads/NAME/ of .c/.S files, linked with payloads/lib/.
PAYLOAD_CFLAGS := -O2 -g -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fcf-protection=none -mno-red-zone \
	-mgeneral-regs-only -fno-builtin -Wall -Wextra -Iinclude -Ipayloads/lib -MMD -MP
PAYLOAD_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack \
	-Wl,-z,max-page-size=4096
PAYLOADS := probe switcher
PAYLOAD_ELFS := $(foreach p,$(PAYLOADS),$(BUILD)/payloads/$(p)32.elf $(BUILD)/payloads/$(p)64.elf)
payload_objs = $(patsubst payloads/%,$(BUILD)/payloads/obj$(2)/%.o,$(basename \
	$(sort $(wildcard payloads/lib/*.c payloads/lib/*.S payloads/$(1)/*.c payloads/$(1)/*.S))))

.PHONY: payloads
payloads: $(PAYLOAD_ELFS)
.SECONDARY:

# $(1): width 32|64
define payload_compile
$(BUILD)/payloads/obj$(1)/%.o: payloads/%.c | $(BUILD)/.deps-build
	@mkdir -p $$(dir $$@)
	$$(CC) -m$(1) $$(PAYLOAD_CFLAGS) -c -o $$@ $$<
$(BUILD)/payloads/obj$(1)/%.o: payloads/%.S | $(BUILD)/.deps-build
	@mkdir -p $$(dir $$@)
	$$(CC) -m$(1) $$(PAYLOAD_CFLAGS) -c -o $$@ $$<
endef
# $(1): payload name, $(2): width
define payload_link
$(BUILD)/payloads/$(1)$(2).elf: $(call payload_objs,$(1),$(2)) payloads/payload.ld
	$$(CC) -m$(2) $$(PAYLOAD_LDFLAGS) -Wl,-T,payloads/payload.ld -o $$@ $$(filter %.o,$$^)
endef
$(foreach w,32 64,$(eval $(call payload_compile,$(w))))
$(foreach p,$(PAYLOADS),$(foreach w,32 64,$(eval $(call payload_link,$(p),$(w)))))
-include $(shell find $(BUILD)/payloads -name '*.d' 2>/dev/null)

# Context images: payloads/examples/*{32,64}.c -> build/examples/*.elf, and the
# integration tests' images tests/integration/images/*.c -> build/tests/images/.
# Exactly the flags README.md and the man page tell image authors to use.
IMAGE_CFLAGS := -ffreestanding -nostdlib -static -fno-pic -no-pie -fno-stack-protector -O2 -Iinclude \
	-Wall -Wextra
EXAMPLE_ELFS := $(patsubst payloads/examples/%.c,$(BUILD)/examples/%.elf,$(wildcard payloads/examples/*.c))
TEST_IMAGE_ELFS := $(patsubst tests/integration/images/%.c,$(BUILD)/tests/images/%.elf,\
	$(wildcard tests/integration/images/*.c))
image_width = $(if $(filter %32,$(basename $(notdir $(1)))),32,64)
# Kernel-style images (*kernel64.c) link where a Linux kernel does, in the
# top 2 GiB of the upper half, with the code model made for that.
image_kernel = $(filter %kernel64,$(basename $(notdir $(1))))
image_base = $(if $(call image_kernel,$(1)),0xffffffff80000000,$(if $(filter target%,$(notdir $(1))),0x10000000,0x400000))
image_model = $(if $(call image_kernel,$(1)),-mcmodel=kernel)

.PHONY: examples
examples: $(EXAMPLE_ELFS) $(TEST_IMAGE_ELFS)
$(BUILD)/examples/%.elf: payloads/examples/%.c payloads/examples/image.ld payloads/payloads.mk | $(BUILD)/.deps-build
	@mkdir -p $(dir $@)
	$(CC) -m$(call image_width,$<) $(call image_model,$<) $(IMAGE_CFLAGS) \
		-T payloads/examples/image.ld -Wl,--defsym=IMAGE_BASE=$(call image_base,$<) -o $@ $<
$(BUILD)/tests/images/%.elf: tests/integration/images/%.c payloads/examples/image.ld payloads/payloads.mk | $(BUILD)/.deps-build
	@mkdir -p $(dir $@)
	$(CC) -m$(call image_width,$<) $(call image_model,$<) $(IMAGE_CFLAGS) \
		-T payloads/examples/image.ld -Wl,--defsym=IMAGE_BASE=$(call image_base,$<) -o $@ $<
