// Random conversions on a big guest_memfd, file kept open: does the RCU
// free of replaced subtrees (mas_mat_destroy -> mt_free_walk) crash too?
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>

int main(int argc, char **argv)
{
	unsigned long nr = 65536, i, iters = argc > 1 ? strtoul(argv[1], NULL, 0) : 200000;
	struct kvm_enable_cap cap = { .cap = KVM_CAP_GUEST_MEMFD_MEMORY_ATTRIBUTES };
	struct kvm_create_guest_memfd gc = {
		.size = nr * 4096,
		.flags = GUEST_MEMFD_FLAG_MMAP | GUEST_MEMFD_FLAG_INIT_SHARED,
	};
	int kvm = open("/dev/kvm", O_RDWR), vm, fd;

	vm = ioctl(kvm, KVM_CREATE_VM, KVM_X86_SW_PROTECTED_VM);
	if (vm < 0 || ioctl(vm, KVM_ENABLE_CAP, &cap)) { perror("vm"); return 1; }
	fd = ioctl(vm, KVM_CREATE_GUEST_MEMFD, &gc);
	srandom(1);
	for (i = 0; i < iters; i++) {
		unsigned long start = random() % nr;
		unsigned long len = (i % 64) ? 1 : 1 + random() % (nr - start);
		struct kvm_memory_attributes2 a = {
			.offset = start * 4096, .size = len * 4096,
			.attributes = random() & 1 ? KVM_MEMORY_ATTRIBUTE_PRIVATE : 0,
		};
		if (ioctl(fd, KVM_SET_MEMORY_ATTRIBUTES2, &a)) { perror("convert"); return 1; }
		if (!(i % 20000)) { printf("%lu conversions\n", i); fflush(stdout); }
	}
	printf("done, file open\n");
	fflush(stdout);
	sleep(1);
	return 0;
}
