// SPDX-License-Identifier: GPL-2.0
/*
 * tour: show, on the running kernel, what this guest_memfd series provides.
 *
 * Each stop prints what it checks and what the kernel answered; the tour
 * exits non-zero if any stop fails.  It is built statically against the
 * patched UAPI headers and runs inside the test VM (see scripts/).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
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
	close(kvm);
	stop_selftest(selftest);

	printf("== summary\n");
	for (i = 0; i < nr_demonstrated; i++)
		printf("  shown: %s\n", demonstrated[i]);
	printf("tour: %s (%d failure%s)\n", failures ? "FAILED" : "done", failures,
	       failures == 1 ? "" : "s");
	return failures ? 1 : 0;
}
