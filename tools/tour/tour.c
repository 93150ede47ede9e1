// SPDX-License-Identifier: GPL-2.0
/*
 * tour: show, on the running kernel, what this guest_memfd series provides.
 *
 * Each stop prints what it checks and what the kernel answered; the tour
 * exits non-zero if any stop fails.  It is built statically against the
 * patched UAPI headers and runs inside the test VM (see scripts/).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/falloc.h>
#include <linux/kvm.h>

static int failures;
static const char *demonstrated[32];
static int nr_demonstrated;

static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("  FAIL: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	failures++;
}

static void shown(const char *feature)
{
	if (nr_demonstrated < (int)(sizeof(demonstrated) / sizeof(demonstrated[0])))
		demonstrated[nr_demonstrated++] = feature;
}

static int check_extension(int fd, long cap)
{
	return ioctl(fd, KVM_CHECK_EXTENSION, cap);
}

static const char *vm_type_name(int type)
{
	switch (type) {
	case 0: return "KVM_X86_DEFAULT_VM";
	case 1: return "KVM_X86_SW_PROTECTED_VM";
	case 2: return "KVM_X86_SEV_VM";
	case 3: return "KVM_X86_SEV_ES_VM";
	case 4: return "KVM_X86_SNP_VM";
	case 5: return "KVM_X86_TDX_VM";
	default: return "unknown";
	}
}

static void stop_kernel(void)
{
	struct utsname u;

	printf("== kernel\n");
	if (uname(&u)) {
		fail("uname: %s", strerror(errno));
		return;
	}
	printf("  %s %s %s\n", u.sysname, u.release, u.version);
}

static int stop_capabilities(int kvm)
{
	int types, attrs, i;

	printf("== KVM capabilities on /dev/kvm\n");
	printf("  KVM_CAP_GUEST_MEMFD        (%3d) = %d\n", KVM_CAP_GUEST_MEMFD,
	       check_extension(kvm, KVM_CAP_GUEST_MEMFD));
	attrs = check_extension(kvm, KVM_CAP_MEMORY_ATTRIBUTES);
	printf("  KVM_CAP_MEMORY_ATTRIBUTES  (%3d) = %#x%s\n", KVM_CAP_MEMORY_ATTRIBUTES,
	       attrs, (attrs > 0 && (attrs & KVM_MEMORY_ATTRIBUTE_PRIVATE)) ? " (PRIVATE)" : "");
	printf("  KVM_CAP_USER_MEMORY2       (%3d) = %d\n", KVM_CAP_USER_MEMORY2,
	       check_extension(kvm, KVM_CAP_USER_MEMORY2));
	types = check_extension(kvm, KVM_CAP_VM_TYPES);
	printf("  KVM_CAP_VM_TYPES           (%3d) = %#x\n", KVM_CAP_VM_TYPES, types);
	for (i = 0; types > 0 && i < 32; i++)
		if (types & (1 << i))
			printf("      type %d: %s\n", i, vm_type_name(i));
	if (types <= 0 || !(types & (1 << KVM_X86_SW_PROTECTED_VM)))
		fail("KVM_X86_SW_PROTECTED_VM is not supported");
	else
		shown("capabilities: guest_memfd, memory attributes, VM types, user memory2");
	return types;
}

static void stop_vm_types(int kvm, int types)
{
	int i;

	printf("== per VM type (KVM_CHECK_EXTENSION on the VM fd)\n");
	for (i = 0; types > 0 && i < 32; i++) {
		int vm;

		if (!(types & (1 << i)))
			continue;
		vm = ioctl(kvm, KVM_CREATE_VM, i);
		if (vm < 0) {
			printf("  %-24s: KVM_CREATE_VM: %s (needs hardware support)\n",
			       vm_type_name(i), strerror(errno));
			continue;
		}
		printf("  %-24s: GUEST_MEMFD=%d MEMORY_ATTRIBUTES=%#x\n", vm_type_name(i),
		       check_extension(vm, KVM_CAP_GUEST_MEMFD),
		       check_extension(vm, KVM_CAP_MEMORY_ATTRIBUTES));
		close(vm);
	}
}

#ifdef GUEST_MEMFD_FLAG_MMAP
/* The UAPI is mainline's (6.18): a VMM built against mainline works unchanged. */
_Static_assert(GUEST_MEMFD_FLAG_MMAP == 1ULL << 0, "mainline GUEST_MEMFD_FLAG_MMAP");
_Static_assert(GUEST_MEMFD_FLAG_INIT_SHARED == 1ULL << 1, "mainline GUEST_MEMFD_FLAG_INIT_SHARED");
_Static_assert(KVM_CAP_GUEST_MEMFD_FLAGS == 244, "mainline KVM_CAP_GUEST_MEMFD_FLAGS");
_Static_assert(KVM_CAP_GUEST_MEMFD == 234, "mainline KVM_CAP_GUEST_MEMFD");

static const char *gmem_flags_str(unsigned long long flags)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "%s%s%s", flags ? "" : "none",
		 flags & GUEST_MEMFD_FLAG_MMAP ? "MMAP " : "",
		 flags & GUEST_MEMFD_FLAG_INIT_SHARED ? "INIT_SHARED" : "");
	return buf;
}

static int create_gmem(int vm, unsigned long long size, unsigned long long flags)
{
	struct kvm_create_guest_memfd args = { .size = size, .flags = flags };

	return ioctl(vm, KVM_CREATE_GUEST_MEMFD, &args);
}

static sigjmp_buf sigbus_jmp;

static void on_sigbus(int sig __attribute__((unused)))
{
	siglongjmp(sigbus_jmp, 1);
}

/* Read one byte; returns -1 if the access raised SIGBUS. */
static int touch(volatile char *p)
{
	struct sigaction sa = { .sa_handler = on_sigbus }, old;
	int v;

	sigaction(SIGBUS, &sa, &old);
	if (sigsetjmp(sigbus_jmp, 1))
		v = -1;
	else
		v = (unsigned char)*p;
	sigaction(SIGBUS, &old, NULL);
	return v;
}

static void stop_gmem_flags(int kvm, int types)
{
	int i;

	printf("== guest_memfd flags (KVM_CAP_GUEST_MEMFD_FLAGS, %d)\n", KVM_CAP_GUEST_MEMFD_FLAGS);
	printf("  /dev/kvm                : %s\n",
	       gmem_flags_str(check_extension(kvm, KVM_CAP_GUEST_MEMFD_FLAGS)));
	for (i = 0; i < 2; i++) {
		int vm;

		if (!(types & (1 << i)))
			continue;
		vm = ioctl(kvm, KVM_CREATE_VM, i);
		if (vm < 0)
			continue;
		printf("  %-24s: %s\n", vm_type_name(i),
		       gmem_flags_str(check_extension(vm, KVM_CAP_GUEST_MEMFD_FLAGS)));
		close(vm);
	}
	shown("GUEST_MEMFD_FLAG_MMAP / INIT_SHARED advertised per VM type");
}

static void stop_gmem_mmap(int kvm)
{
	size_t page = getpagesize();
	int vm, fd, sw_vm, priv;
	char *mem, *p;

	printf("== mmap() of a guest_memfd (default VM, MMAP | INIT_SHARED)\n");
	vm = ioctl(kvm, KVM_CREATE_VM, KVM_X86_DEFAULT_VM);
	fd = vm < 0 ? -1 : create_gmem(vm, 2 * page, GUEST_MEMFD_FLAG_MMAP |
					GUEST_MEMFD_FLAG_INIT_SHARED);
	if (fd < 0) {
		fail("create guest_memfd: %s", strerror(errno));
		goto out_vm;
	}
	mem = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (mem == MAP_FAILED) {
		fail("mmap: %s", strerror(errno));
		goto out_fd;
	}
	strcpy(mem, "hello from the host");
	printf("  wrote \"%s\" through the mapping\n", mem);
	if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, page))
		fail("punch hole: %s", strerror(errno));
	printf("  after PUNCH_HOLE the page reads %s\n", mem[0] ? "data (wrong)" : "zeroes");
	if (mem[0])
		fail("punch hole left data behind");
	p = mmap(NULL, page, PROT_READ, MAP_PRIVATE, fd, 0);
	printf("  mmap(MAP_PRIVATE): %s\n", p == MAP_FAILED ? strerror(errno) : "mapped (wrong)");
	if (p != MAP_FAILED)
		fail("MAP_PRIVATE accepted");
	munmap(mem, 2 * page);
	shown("mmap() of shared guest_memfd pages, punch-hole zaps the host mapping");

	sw_vm = ioctl(kvm, KVM_CREATE_VM, KVM_X86_SW_PROTECTED_VM);
	priv = sw_vm < 0 ? -1 : create_gmem(sw_vm, page, GUEST_MEMFD_FLAG_MMAP);
	if (priv >= 0) {
		p = mmap(NULL, page, PROT_READ, MAP_SHARED, priv, 0);
		if (p != MAP_FAILED) {
			int v = touch(p);

			printf("  SW_PROTECTED VM, private page: host read %s\n",
			       v < 0 ? "raised SIGBUS" : "succeeded (wrong)");
			if (v >= 0)
				fail("host read a private page");
			else
				shown("SIGBUS on a host touch of a private page");
			munmap(p, page);
		}
		close(priv);
	}
	if (sw_vm >= 0)
		close(sw_vm);
out_fd:
	close(fd);
out_vm:
	if (vm >= 0)
		close(vm);
}

#ifdef KVM_GUEST_MEMFD_FREEZE
static int gmem_freeze(int fd, unsigned long long flags, unsigned long long *state)
{
	struct kvm_guest_memfd_freeze args = { .flags = flags };
	int r = ioctl(fd, KVM_GUEST_MEMFD_FREEZE, &args);

	*state = args.state;
	return r;
}

/*
 * Freeze the running guest's guest_memfd: allocation is refused, the guest
 * keeps running on its pages, its touch of a hole exits to us; thaw, resume.
 */
static void stop_gmem_freeze(int fd, int vcpu, struct kvm_run *run, char *mem, size_t page)
{
	unsigned long long state;
	int r;

	printf("== freeze the live guest's guest_memfd (KVM_GUEST_MEMFD_FREEZE)\n");
	if (gmem_freeze(fd, KVM_GUEST_MEMFD_FREEZE_SET, &state) ||
	    state != KVM_GUEST_MEMFD_STATE_FROZEN) {
		fail("freeze: %s", strerror(errno));
		return;
	}
	r = fallocate(fd, FALLOC_FL_KEEP_SIZE, 2 * page, page);
	printf("  frozen; fallocate(): %s\n", r ? strerror(errno) : "succeeded (wrong)");
	if (!r || errno != EPERM)
		fail("fallocate on a frozen guest_memfd was not refused with EPERM");

	r = ioctl(vcpu, KVM_RUN, 0);
	printf("  guest writes to its existing page: %s, host reads '%c'\n",
	       r ? strerror(errno) : "ran to hlt", mem[page + 2] ? mem[page + 2] : '?');
	if (r || mem[page + 2] != 'F')
		fail("the guest did not keep running on its pages while frozen");

	r = ioctl(vcpu, KVM_RUN, 0);
	printf("  guest touches a hole: KVM_RUN %s, exit reason %u (MEMORY_FAULT is %d), gpa %#llx\n",
	       r ? strerror(errno) : "succeeded (wrong)", run->exit_reason,
	       KVM_EXIT_MEMORY_FAULT, (unsigned long long)run->memory_fault.gpa);
	if (!r || errno != EPERM || run->exit_reason != KVM_EXIT_MEMORY_FAULT ||
	    run->memory_fault.gpa != 2 * page)
		fail("a guest touch of a hole while frozen did not exit as a memory fault");

	gmem_freeze(fd, KVM_GUEST_MEMFD_FREEZE_CLEAR, &state);
	r = ioctl(vcpu, KVM_RUN, 0);
	printf("  thawed; resumed guest: %s, host reads '%c' in the new page\n",
	       r ? strerror(errno) : "ran to hlt", mem[2 * page] ? mem[2 * page] : '?');
	if (r || state || mem[2 * page] != 'T')
		fail("the guest did not complete after thaw");
	else
		shown("freeze: fallocate refused, guest running on its pages, memory fault on a hole, thaw");
}
#endif

/*
 * A real-mode guest on a gmem-only memslot: the host writes the code and a
 * byte through its mmap() of the guest_memfd, the guest copies the byte and
 * writes its own, and the host reads both back through the same mapping.
 */
static void stop_gmem_guest(int kvm)
{
	static const unsigned char code[] = {
		0xa0, 0x08, 0x10,	/* mov al, [0x1008]	*/
		0xa2, 0x01, 0x10,	/* mov [0x1001], al	*/
		0xb0, 'G',		/* mov al, 'G'		*/
		0xa2, 0x00, 0x10,	/* mov [0x1000], al	*/
		0xf4,			/* hlt			*/
		0xb0, 'F',		/* mov al, 'F'		*/
		0xa2, 0x02, 0x10,	/* mov [0x1002], al	*/
		0xf4,			/* hlt			*/
		0xb0, 'T',		/* mov al, 'T'		*/
		0xa2, 0x00, 0x20,	/* mov [0x2000], al	*/
		0xf4,			/* hlt			*/
	};
	size_t page = getpagesize();
	struct kvm_userspace_memory_region2 region = {
		.slot = 0, .flags = KVM_MEM_GUEST_MEMFD, .memory_size = 3 * page,
	};
	struct kvm_sregs sregs;
	struct kvm_regs regs = { .rip = 0, .rflags = 2 };
	struct kvm_run *run = MAP_FAILED;
	int vm, fd = -1, vcpu = -1, run_size;
	char *mem = MAP_FAILED;

	printf("== guest on a gmem-only memslot (default VM)\n");
	vm = ioctl(kvm, KVM_CREATE_VM, KVM_X86_DEFAULT_VM);
	if (vm < 0) {
		fail("KVM_CREATE_VM: %s", strerror(errno));
		return;
	}
	fd = create_gmem(vm, 3 * page, GUEST_MEMFD_FLAG_MMAP | GUEST_MEMFD_FLAG_INIT_SHARED);
	if (fd >= 0)
		mem = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (mem == MAP_FAILED) {
		fail("guest_memfd: %s", strerror(errno));
		goto out;
	}
	memcpy(mem, code, sizeof(code));
	mem[page + 8] = 'H';
	region.userspace_addr = (unsigned long)mem;
	region.guest_memfd = fd;
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION2, &region)) {
		fail("KVM_SET_USER_MEMORY_REGION2: %s", strerror(errno));
		goto out;
	}
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (vcpu >= 0 && run_size > 0)
		run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED || ioctl(vcpu, KVM_GET_SREGS, &sregs)) {
		fail("vCPU: %s", strerror(errno));
		goto out;
	}
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) || ioctl(vcpu, KVM_SET_REGS, &regs) ||
	    ioctl(vcpu, KVM_RUN, 0)) {
		fail("vCPU setup or KVM_RUN: %s", strerror(errno));
		goto out;
	}
	printf("  exit reason %u (KVM_EXIT_HLT is %d); host reads '%c' (guest's write) "
	       "and '%c' (host's byte, copied by the guest)\n",
	       run->exit_reason, KVM_EXIT_HLT, mem[page] ? mem[page] : '?',
	       mem[page + 1] ? mem[page + 1] : '?');
	if (run->exit_reason != KVM_EXIT_HLT || mem[page] != 'G' || mem[page + 1] != 'H')
		fail("guest and host do not see the same guest_memfd pages");
	else
		shown("guest <-> host data through a gmem-only memslot");
#ifdef KVM_GUEST_MEMFD_FREEZE
	stop_gmem_freeze(fd, vcpu, run, mem, page);
#endif
out:
	if (run != MAP_FAILED)
		munmap(run, run_size);
	if (vcpu >= 0)
		close(vcpu);
	if (mem != MAP_FAILED)
		munmap(mem, 3 * page);
	if (fd >= 0)
		close(fd);
	close(vm);
}
#endif

#ifdef KVM_SET_MEMORY_ATTRIBUTES2
/* The UAPI is that of the in-place conversion series in linux-next. */
_Static_assert(KVM_SET_MEMORY_ATTRIBUTES2 == _IOWR(KVMIO, 0xd2, struct kvm_memory_attributes2),
	       "linux-next KVM_SET_MEMORY_ATTRIBUTES2");
_Static_assert(sizeof(struct kvm_memory_attributes2) == 128, "linux-next kvm_memory_attributes2");
_Static_assert(KVM_CAP_GUEST_MEMFD_MEMORY_ATTRIBUTES == 250,
	       "linux-next KVM_CAP_GUEST_MEMFD_MEMORY_ATTRIBUTES");

static int gmem_convert(int fd, unsigned long long offset, unsigned long long size,
			unsigned long long attributes, unsigned long long *error_offset)
{
	struct kvm_memory_attributes2 args = {
		.offset = offset, .size = size, .attributes = attributes,
	};
	int r = ioctl(fd, KVM_SET_MEMORY_ATTRIBUTES2, &args);

	if (error_offset)
		*error_offset = args.error_offset;
	return r;
}

/* The "gmem_shareability_ranges" line of the file's fdinfo, or -1. */
static long gmem_ranges(int fd)
{
	char path[64], line[128];
	long n = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		sscanf(line, "gmem_shareability_ranges: %ld", &n);
	if (f)
		fclose(f);
	return n;
}

static void stop_gmem_conversion(int kvm)
{
	struct kvm_enable_cap cap = { .cap = KVM_CAP_GUEST_MEMFD_MEMORY_ATTRIBUTES };
	size_t page = getpagesize(), size = 4 * page;
	unsigned long long err = 0;
	int vm, fd = -1, pipefd[2];
	struct iovec iov;
	char *mem;
	int v;

	printf("== in-place conversion (KVM_SET_MEMORY_ATTRIBUTES2 on the guest_memfd, cap %d)\n",
	       KVM_CAP_GUEST_MEMFD_MEMORY_ATTRIBUTES);
	printf("  /dev/kvm reports attributes 0x%x after opt-in\n",
	       check_extension(kvm, KVM_CAP_GUEST_MEMFD_MEMORY_ATTRIBUTES));
	vm = ioctl(kvm, KVM_CREATE_VM, KVM_X86_SW_PROTECTED_VM);
	if (vm < 0) {
		fail("create SW_PROTECTED VM: %s", strerror(errno));
		return;
	}
	if (ioctl(vm, KVM_ENABLE_CAP, &cap)) {
		fail("opt in to per-guest_memfd tracking: %s", strerror(errno));
		goto out_vm;
	}
	printf("  SW_PROTECTED VM opted in; the VM now reports 0x%x\n",
	       check_extension(vm, KVM_CAP_GUEST_MEMFD_MEMORY_ATTRIBUTES));
	fd = create_gmem(vm, size, GUEST_MEMFD_FLAG_MMAP | GUEST_MEMFD_FLAG_INIT_SHARED);
	mem = fd < 0 ? MAP_FAILED : mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (mem == MAP_FAILED) {
		fail("guest_memfd MMAP | INIT_SHARED: %s", strerror(errno));
		goto out_vm;
	}
	strcpy(mem + page, "kept across conversions");
	printf("  shared:  host wrote \"%s\" to page 1 (%ld range)\n", mem + page, gmem_ranges(fd));

	if (gmem_convert(fd, page, page, KVM_MEMORY_ATTRIBUTE_PRIVATE, NULL)) {
		fail("convert page 1 to private: %s", strerror(errno));
		goto out_unmap;
	}
	v = touch(mem + page);
	printf("  private: host read of page 1 %s (%ld ranges: shared, private, shared)\n",
	       v < 0 ? "raised SIGBUS" : "succeeded (wrong)", gmem_ranges(fd));
	if (v >= 0)
		fail("host read a page converted to private");

	if (gmem_convert(fd, page, page, 0, NULL)) {
		fail("convert page 1 back to shared: %s", strerror(errno));
		goto out_unmap;
	}
	printf("  shared:  host reads \"%s\" (%ld range again)\n", mem + page, gmem_ranges(fd));
	if (strcmp(mem + page, "kept across conversions"))
		fail("contents changed across conversion");
	else
		shown("in-place conversion shared -> private -> shared, contents kept, SIGBUS while private");

	/* A page that a pipe references cannot become private. */
	iov.iov_base = mem + 2 * page;
	iov.iov_len = page;
	if (!pipe(pipefd)) {
		if (vmsplice(pipefd[1], &iov, 1, 0) == (ssize_t)page) {
			v = gmem_convert(fd, 0, size, KVM_MEMORY_ATTRIBUTE_PRIVATE, &err) ? errno : 0;
			printf("  page 2 spliced into a pipe: to-private gets %s, error_offset 0x%llx\n",
			       v ? strerror(v) : "success (wrong)", err);
			if (v != EAGAIN || err != 2 * page)
				fail("expected EAGAIN at offset 0x%zx", 2 * page);
			else
				shown("EAGAIN + error_offset while a page is referenced");
		}
		close(pipefd[0]);
		close(pipefd[1]);
	}
out_unmap:
	munmap(mem, size);
out_vm:
	if (fd >= 0)
		close(fd);
	close(vm);
}
#endif

static void stop_selftest(const char *path)
{
	pid_t pid;
	int status;

	printf("== %s\n", path);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execl(path, path, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		fail("cannot run %s: %s", path, strerror(errno));
		return;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		printf("  %s passed\n", path);
		shown("guest_memfd selftest");
	} else {
		fail("%s: %s %d", path, WIFEXITED(status) ? "exit" : "signal",
		     WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	}
}

int main(int argc, char **argv)
{
	const char *selftest = argc > 1 ? argv[1] : "/tests/guest_memfd_test";
	int kvm, types, i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("guest_memfd tour\n");
	stop_kernel();
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0) {
		fail("open /dev/kvm: %s", strerror(errno));
		return 1;
	}
	types = stop_capabilities(kvm);
	stop_vm_types(kvm, types);
#ifdef GUEST_MEMFD_FLAG_MMAP
	stop_gmem_flags(kvm, types);
	stop_gmem_mmap(kvm);
	stop_gmem_guest(kvm);
#endif
#ifdef KVM_SET_MEMORY_ATTRIBUTES2
	stop_gmem_conversion(kvm);
#endif
	close(kvm);
	stop_selftest(selftest);

	printf("== summary\n");
	for (i = 0; i < nr_demonstrated; i++)
		printf("  shown: %s\n", demonstrated[i]);
	printf("tour: %s (%d failure%s)\n", failures ? "FAILED" : "done", failures,
	       failures == 1 ? "" : "s");
	return failures ? 1 : 0;
}
