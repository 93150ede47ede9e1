// Reproducer: in-place conversion of a guest_memfd with many alternating
// ranges, then one whole-range conversion to shared, crashes in the RCU
// callback that frees the old maple tree nodes (mt_free_walk/mte_dead_walk).
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include "kvm_util.h"
#include "test_util.h"

static void conv(int fd, unsigned long off, unsigned long len, unsigned long attrs)
{
	struct kvm_memory_attributes2 a = { .offset = off, .size = len, .attributes = attrs };
	int ret = ioctl(fd, KVM_SET_MEMORY_ATTRIBUTES2, &a);

	TEST_ASSERT(!ret, "convert %#lx+%#lx to %#lx", off, len, attrs);
}

int main(int argc, char **argv)
{
	unsigned long size = argc > 1 ? parse_size(argv[1]) : (256UL << 20);
	struct kvm_vm *vm = vm_create_barebones_type(KVM_X86_SW_PROTECTED_VM);
	unsigned long off;
	int fd;

	vm_enable_cap(vm, KVM_CAP_GUEST_MEMFD_MEMORY_ATTRIBUTES, 0);
	fd = vm_create_guest_memfd(vm, size, GUEST_MEMFD_FLAG_MMAP | GUEST_MEMFD_FLAG_INIT_SHARED);
	for (off = 4096; off < size; off += 8192)
		conv(fd, off, 4096, KVM_MEMORY_ATTRIBUTE_PRIVATE);
	printf("# %lu alternating ranges; converting all to shared\n", size / 4096);
	conv(fd, 0, size, 0);
	printf("# converted; waiting for RCU\n");
	sleep(2);
	close(fd);
	kvm_vm_free(vm);
	sleep(2);
	printf("# survived\n");
	return 0;
}
