# Hostile guests: tests/integration/hostile/hostile64.c holds one original
# context image per CASE(name), each built with -DHOSTILE_CASE=name into
# $(BUILD)/tests/hostile/name.elf, with the flags of the other test images.
HOSTILE_DIR   := tests/integration/hostile
HOSTILE_CASES := $(shell sed -n 's/^CASE(\([a-z0-9_]*\)).*/\1/p' $(HOSTILE_DIR)/hostile64.c)
HOSTILE_ELFS  := $(HOSTILE_CASES:%=$(BUILD)/tests/hostile/%.elf)

examples: $(HOSTILE_ELFS)
$(BUILD)/tests/hostile/%.elf: $(HOSTILE_DIR)/hostile64.c $(HOSTILE_DIR)/hostile.h \
		$(HOSTILE_DIR)/hostile.mk payloads/examples/image.ld payloads/payloads.mk \
		| $(BUILD)/.deps-build
	@mkdir -p $(dir $@)
	$(CC) -m64 $(IMAGE_CFLAGS) -DHOSTILE_CASE=$* -T payloads/examples/image.ld \
		-Wl,--defsym=IMAGE_BASE=0x400000 -o $@ $<
