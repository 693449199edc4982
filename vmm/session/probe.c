// SPDX-License-Identifier: MIT
#include "session/probe.h"

#include <stdio.h>
#include <string.h>

#include <pmswitch/layout.h>

#include "context/context.h"
#include "session/machine.h"
#include "image/payload_path.h"

#define PROBE_TIMEOUT_MS 10000u

static void probe_record(void *ctx, const struct pmsw_record *hdr, const void *body, size_t len)
{
	struct probe_result *res = ctx;

	if (hdr->event == PMSW_EV_PROBE && len == sizeof(res->probe)) {
		memcpy(&res->probe, body, len);
		res->ok = true;
	}
}

void probe_run(int sys_fd, const char *dir, int width, struct probe_result *res)
{
	struct machine m;
	struct context c;
	struct vcpu_result vr;
	char path[4096], err[300];

	memset(res, 0, sizeof(*res));
	if (payload_path(path, sizeof(path), dir, "probe", width)) {
		snprintf(res->error, sizeof(res->error), "payload path too long");
		return;
	}
	if (machine_create(&m, sys_fd, (uint64_t)PMSW_RAM_MIN_MIB << 20, path, probe_record, res,
			   err, sizeof(err))) {
		snprintf(res->error, sizeof(res->error), "%s", err);
		return;
	}
	if (context_init(&c, &m, PMSW_CTX_IDX_ORIGINAL, width,
			 width == 64 ? PMSW_PAGING_4LEVEL : PMSW_PAGING_2LEVEL, err, sizeof(err)) ||
	    machine_boot(&m, &c.state, PROBE_TIMEOUT_MS, &vr, err, sizeof(err))) {
		snprintf(res->error, sizeof(res->error), "%s", err);
		res->ok = false;
	} else if (!report_decoder_ok(&m.decoder)) {
		snprintf(res->error, sizeof(res->error), "bad report: %s", m.decoder.error);
		res->ok = false;
	} else if (vr.stop != VCPU_STOP_GUEST_EXIT || vr.guest_status != PMSW_GUEST_DONE) {
		snprintf(res->error, sizeof(res->error), "probe stopped (%s, status 0x%x): %s",
			 vcpu_stop_name(vr.stop), vr.guest_status, vr.detail);
		res->ok = false;
	} else if (!res->ok) {
		snprintf(res->error, sizeof(res->error), "probe sent no report");
	}
	machine_destroy(&m);
}

const char *probe_mode_name(uint32_t mode)
{
	static const char *const names[] = {
		[PMSW_MODE_REAL] = "real", [PMSW_MODE_PROT32] = "protected32",
		[PMSW_MODE_PROT32_PAGED] = "protected32-paged", [PMSW_MODE_PAE32] = "protected32-pae",
		[PMSW_MODE_LONG64] = "long64",
	};

	return mode < sizeof(names) / sizeof(names[0]) && names[mode] ? names[mode] : "unknown";
}
