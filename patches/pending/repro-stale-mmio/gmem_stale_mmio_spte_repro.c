// SPDX-License-Identifier: GPL-2.0
/*
 * Reproducer: a stale MMIO SPTE makes KVM report a private guest_memfd page
 * of a KVM_X86_SW_PROTECTED_VM (per-guest_memfd tracking) as a shared
 * access, with a KVM_EXIT_MEMORY_FAULT on every KVM_RUN.
 *
 *  1. gmem-only memslot at 4G; page 0 holds 0x1234 and is converted private.
 *  2. The memslot is deleted; the guest reads 4G: emulated MMIO, and KVM
 *     caches an MMIO SPTE for the gfn.
 *  3. The memslot is added back (same guest_memfd, same offset).
 *  4. The guest reads 4G again: expected 0x1234.  The stale MMIO SPTE faults
 *     with PFERR_RSVD, for which kvm_mmu_page_fault() does not set
 *     PFERR_PRIVATE_ACCESS; the fault is then handled as shared, mismatches
 *     the guest_memfd's "private", and KVM_RUN fails with EFAULT and a
 *     memory fault exit with flags 0 -- again on every retry.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include <linux/kvm_para.h>
#include <linux/sizes.h>

#include "kvm_util.h"
#include "processor.h"
#include "test_util.h"
#include "ucall_common.h"

#define GPA	SZ_4G
#define SLOT	1

static void guest_code(void)
{
	GUEST_SYNC(READ_ONCE(*(uint64_t *)GPA));
	GUEST_SYNC(READ_ONCE(*(uint64_t *)GPA));
	GUEST_DONE();
}

static int set_slot(struct kvm_vm *vm, int fd, void *mem, uint64_t size)
{
	return __vm_set_user_memory_region2(vm, SLOT, KVM_MEM_GUEST_MEMFD, GPA, size, mem, fd, 0);
}

int main(void)
{
	const struct vm_shape shape = { .mode = VM_MODE_DEFAULT, .type = KVM_X86_SW_PROTECTED_VM };
	struct kvm_memory_attributes2 attrs = {
		.offset = 0, .size = PAGE_SIZE, .attributes = KVM_MEMORY_ATTRIBUTE_PRIVATE,
	};
	struct kvm_vcpu *vcpu;
	struct kvm_run *run;
	struct kvm_vm *vm;
	struct ucall uc;
	uint64_t *mem;
	int fd, r, i;

	vm = __vm_create_shape_with_one_vcpu(shape, &vcpu, 16, guest_code);
	run = vcpu->run;
	vm_enable_cap(vm, KVM_CAP_GUEST_MEMFD_MEMORY_ATTRIBUTES, 0);
	fd = vm_create_guest_memfd(vm, 2 * PAGE_SIZE,
				   GUEST_MEMFD_FLAG_MMAP | GUEST_MEMFD_FLAG_INIT_SHARED);
	mem = mmap(NULL, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	TEST_ASSERT(mem != MAP_FAILED, "mmap");
	mem[0] = 0x1234;
	TEST_ASSERT(!set_slot(vm, fd, mem, 2 * PAGE_SIZE), "add memslot");
	virt_map(vm, GPA, GPA, 2);

	TEST_ASSERT(!ioctl(fd, KVM_SET_MEMORY_ATTRIBUTES2, &attrs), "convert to private");
	TEST_ASSERT(!set_slot(vm, fd, mem, 0), "delete memslot");

	vcpu_run(vcpu);
	TEST_ASSERT(run->exit_reason == KVM_EXIT_MMIO, "expected MMIO, got %s",
		    exit_reason_str(run->exit_reason));
	printf("memslot deleted: guest read of %#lx is MMIO (gpa %#llx)\n", (uint64_t)GPA,
	       run->mmio.phys_addr);
	memset(run->mmio.data, 0, sizeof(run->mmio.data));
	vcpu_run(vcpu);
	TEST_ASSERT(get_ucall(vcpu, &uc) == UCALL_SYNC, "sync 1");

	TEST_ASSERT(!set_slot(vm, fd, mem, 2 * PAGE_SIZE), "re-add memslot");
	printf("memslot re-added, page 0 is private\n");

	for (i = 0; i < 3; i++) {
		r = _vcpu_run(vcpu);
		if (!r && get_ucall(vcpu, &uc) == UCALL_SYNC) {
			printf("PASS: guest read %#lx\n", uc.args[1]);
			return 0;
		}
		printf("KVM_RUN #%d: r=%d errno=%d exit %s, memory_fault {gpa %#llx, size %llu, flags %#llx}\n",
		       i, r, errno, exit_reason_str(run->exit_reason), run->memory_fault.gpa,
		       run->memory_fault.size, run->memory_fault.flags);
	}
	printf("FAIL: private page unreachable after memslot re-add (stale MMIO SPTE)\n");
	return 1;
}
