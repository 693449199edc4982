// SPDX-License-Identifier: MIT
/* The bare VMX exit round trip (bare.h), in the context VMX is on in. */
#include <pmswitch/report.h>
#include <pmswitch/vmx.h>
#include <pmswitch/x86.h>

#include "bare.h"
#include "cpu.h"
#include "cpu_tables.h"
#include "exception.h"
#include "piecemeal_load.h"
#include "report.h"
#include "vmx_bare.h"
#include "vmx_common.h"
#include "vmx_insn.h"

/* vmx_bare_stub.S */
unsigned long vmx_bare_go(void);
extern char vmx_bare_guest[], vmx_bare_host[];

/* An exit sets the GDTR and IDTR limits to 0xFFFF and TR's to 0x67 (SDM
 * 28.5.2): load the context's own again. */
static void tables_restore(const struct cpu_tables *t)
{
	load_gdtr(t->gdtr.base, t->gdtr.limit);
	load_idtr(t->idtr.base, t->idtr.limit);
	load_tr_sel(t->gdtr.base, t->tr);
}

void vmx_bare_measure(const struct pmsw_bootinfo *bi, const pmsw_u64 *vmcs_pa,
		      pmsw_u64 vmcs_va, uint8_t ctx)
{
	unsigned int n = bare_wanted(bi);
	struct cpu_tables t;
	unsigned long sp, fl;

	if (!n)
		return;
	cpu_tables_read(&t);
	vmcs_load_fresh(vmcs_pa, vmcs_va);
	vmcs_controls_plain(sizeof(long) == 8);
	/* The guest uses no stack; an NMI or fault in it would, below ours. */
	__asm__ volatile("mov %%" SP_REG ", %0" : "=r"(sp));
	vmcs_guest_self((uintptr_t)vmx_bare_guest, (sp - 1024) & ~15ul, X86_RFLAGS_FIXED);
	vmcs_host_self((uintptr_t)vmx_bare_host, 0);    /* HOST_RSP: vmx_bare_go's */
	bare_samples = n + 1;
	fl = vmx_bare_go();
	tables_restore(&t);
	if (fl)
		vmx_fail(bare_taken ? PMSW_INSN_VMRESUME : PMSW_INSN_VMLAUNCH,
			 (fl & X86_RFLAGS_CF) ? VMX_FAIL_INVALID : VMX_FAIL_VALID, 0);
	bare_report(ctx);
}
