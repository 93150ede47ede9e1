// Reproducer: destroy of a guest_memfd's shared/private maple tree after
// many alternating conversions.  Usage: maple_destroy NR_PAGES [ROUNDS]
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>

int main(int argc, char **argv)
{
	unsigned long nr = argc > 1 ? strtoul(argv[1], NULL, 0) : 8192;
	int rounds = argc > 2 ? atoi(argv[2]) : 1;
	/* Mode 1: merge everything back to shared with one conversion, keep the file. */
	int merge = argc > 3 ? atoi(argv[3]) : 0;
	struct kvm_enable_cap cap = { .cap = KVM_CAP_GUEST_MEMFD_MEMORY_ATTRIBUTES };
	int kvm, vm, fd, r;
	unsigned long i;

	kvm = open("/dev/kvm", O_RDWR);
	vm = ioctl(kvm, KVM_CREATE_VM, KVM_X86_SW_PROTECTED_VM);
	if (vm < 0 || ioctl(vm, KVM_ENABLE_CAP, &cap)) { perror("vm"); return 1; }
	for (r = 0; r < rounds; r++) {
		struct kvm_create_guest_memfd gc = {
			.size = nr * 4096,
			.flags = GUEST_MEMFD_FLAG_MMAP | GUEST_MEMFD_FLAG_INIT_SHARED,
		};
		fd = ioctl(vm, KVM_CREATE_GUEST_MEMFD, &gc);
		if (fd < 0) { perror("gmem"); return 1; }
		for (i = 1; i < nr; i += 2) {
			struct kvm_memory_attributes2 a = {
				.offset = i * 4096, .size = 4096,
				.attributes = KVM_MEMORY_ATTRIBUTE_PRIVATE,
			};
			if (ioctl(fd, KVM_SET_MEMORY_ATTRIBUTES2, &a)) { perror("convert"); return 1; }
		}
		if (merge) {
			/* Mode 2: all but the first and the last 64 pages. */
			struct kvm_memory_attributes2 a = {
				.offset = merge == 2 ? 64 * 4096 : 0,
				.size = merge == 2 ? (nr - 128) * 4096 : nr * 4096,
			};

			if (ioctl(fd, KVM_SET_MEMORY_ATTRIBUTES2, &a)) { perror("merge"); return 1; }
			printf("round %d: merged %lu ranges into one, file kept open\n", r, nr);
			fflush(stdout);
			sleep(1);
		}
		close(fd);
		printf("round %d: %lu pages, %lu ranges destroyed\n", r, nr, nr);
		fflush(stdout);
		usleep(200000);
	}
	sleep(1);
	printf("done\n");
	return 0;
}
