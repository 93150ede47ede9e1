// SPDX-License-Identifier: GPL-2.0
/*
 * qemu_gmem_test: QEMU (with qemu/patches) boots a Linux guest whose RAM is
 * a guest_memfd, inside the test VM.  Runs as a test of /tests/list, so the
 * test VM's kernel is the host ("L1") and QEMU's guest is L2.
 *
 * The L2 guest is the project's kernel with a small initramfs (l2-init,
 * l2_guest.c); it talks to the test on its serial console, QEMU's stdio.
 * QEMU's monitor is QMP on a unix socket.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "kselftest_harness.h"

#define QEMU_DIR	"/qemu"
#define RAM_MB		256
#define RAM_SIZE	((unsigned long)RAM_MB << 20)
#define NR_PAGES	8	/* l2_guest.c */
#define PAGE		4096UL
/* Boot to the marker: ~10 s on the plain kernel, more on the debug one. */
#define BOOT_TIMEOUT	240
#define EXIT_TIMEOUT	60
/* RAM whose pages are out of the host kernel's direct map. */
#define RAM_NO_DIRECT_MAP "memory-backend-memfd,id=ram0,size=256M,guest-memfd=on,no-direct-map=on"

struct vmm {
	pid_t pid;
	int in;			/* the guest console's input (QEMU's stdin) */
	int out;		/* QEMU's stdout and stderr: guest console, errors */
	int qmp;
	char log[1 << 16];	/* everything read from out */
	size_t len;
	size_t seen;		/* log up to here was matched already */
	char qmp_path[64];
};

/* Kernel arguments of the L2 guest; its TSC runs at the test VM's rate. */
static void l2_append(char *buf, size_t size, const char *mode)
{
	char line[256];
	long khz = 0;
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "cpu MHz", 7)) {
			khz = (long)(strtod(strchr(line, ':') + 1, NULL) * 1000);
			break;
		}
	if (f)
		fclose(f);
	snprintf(buf, size, "console=ttyS0 quiet panic=-1 reboot=t tsc=reliable "
		 "tsc_early_khz=%ld kunit.enable=0 gm.l2=%s", khz, mode);
}

/*
 * vmm_start: QEMU with the L2 guest in gm.l2=@mode, RAM a guest_memfd;
 * @extra: more QEMU arguments (NULL-terminated), may be NULL.  @ram: the
 * -object of the RAM backend "ram0", NULL for the default.
 */
static void vmm_start(struct __test_metadata *_metadata, struct vmm *v,
		      const char *mode, const char *ram, const char *const *extra)
{
	static int seq;
	char append[512], qmp[96];
	const char *argv[64];
	int in[2], out[2], n = 0;

	memset(v, 0, sizeof(*v));
	v->qmp = -1;
	snprintf(v->qmp_path, sizeof(v->qmp_path), "/tmp/qmp-%d-%d.sock", getpid(), seq++);
	snprintf(qmp, sizeof(qmp), "unix:%s,server=on,wait=off", v->qmp_path);
	l2_append(append, sizeof(append), mode);

	argv[n++] = QEMU_DIR "/qemu-system-x86_64";
	argv[n++] = "-L"; argv[n++] = QEMU_DIR "/fw";
	argv[n++] = "-M"; argv[n++] = "microvm,memory-backend=ram0";
	argv[n++] = "-accel"; argv[n++] = "kvm";
	argv[n++] = "-cpu"; argv[n++] = "host";
	argv[n++] = "-m"; argv[n++] = "256M";
	argv[n++] = "-nodefaults"; argv[n++] = "-no-reboot";
	argv[n++] = "-display"; argv[n++] = "none";
	argv[n++] = "-serial"; argv[n++] = "stdio";
	argv[n++] = "-qmp"; argv[n++] = qmp;
	argv[n++] = "-object";
	argv[n++] = ram ? ram : "memory-backend-memfd,id=ram0,size=256M,guest-memfd=on";
	argv[n++] = "-kernel"; argv[n++] = QEMU_DIR "/bzImage";
	argv[n++] = "-initrd"; argv[n++] = QEMU_DIR "/l2.cpio.gz";
	argv[n++] = "-append"; argv[n++] = append;
	while (extra && *extra)
		argv[n++] = *extra++;
	argv[n] = NULL;

	ASSERT_EQ(pipe2(in, O_CLOEXEC), 0);
	ASSERT_EQ(pipe2(out, O_CLOEXEC), 0);
	v->pid = fork();
	ASSERT_GE(v->pid, 0);
	if (!v->pid) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(out[1], 2);
		execv(argv[0], (char **)argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	v->in = in[1];
	v->out = out[0];
}

/* Read QEMU's output for up to @ms; false at EOF. */
static bool vmm_read(struct vmm *v, int ms)
{
	struct pollfd p = { .fd = v->out, .events = POLLIN };
	size_t half = sizeof(v->log) / 2;
	ssize_t r;

	if (poll(&p, 1, ms) <= 0)
		return true;
	if (v->len >= sizeof(v->log) - 1) {	/* keep the newer half */
		memmove(v->log, v->log + half, v->len - half);
		v->len -= half;
		v->seen = v->seen > half ? v->seen - half : 0;
	}
	r = read(v->out, v->log + v->len, sizeof(v->log) - 1 - v->len);
	if (r <= 0)
		return false;
	v->len += r;
	v->log[v->len] = 0;
	return true;
}

/*
 * vmm_expect: wait up to @secs for a whole output line containing @what
 * (after what an earlier call matched); copy the line to @line.
 */
static bool vmm_expect(struct vmm *v, const char *what, int secs, char *line, size_t size)
{
	time_t end = time(NULL) + secs;

	for (;;) {
		char *hit = strstr(v->log + v->seen, what);
		char *eol = hit ? strchr(hit, '\n') : NULL;

		if (eol) {
			int n = eol - hit;

			while (n && hit[n - 1] == '\r')	/* the tty's CRLF */
				n--;
			if (line)
				snprintf(line, size, "%.*s", n, hit);
			v->seen = eol + 1 - v->log;
			return true;
		}
		if (time(NULL) > end || !vmm_read(v, 200))
			return false;
	}
}

static void vmm_send(struct vmm *v, const char *line)
{
	if (write(v->in, line, strlen(line)) < 0 || write(v->in, "\n", 1) < 0)
		perror("write to the guest console");
}

/* vmm_wait: QEMU's exit status (the 0..255 code, or 128+signal), -1 on timeout. */
static int vmm_wait(struct vmm *v, int secs)
{
	time_t end = time(NULL) + secs;
	int status;

	while (waitpid(v->pid, &status, WNOHANG) == 0) {
		if (time(NULL) > end) {
			kill(v->pid, SIGKILL);
			waitpid(v->pid, &status, 0);
			v->pid = 0;
			return -1;
		}
		vmm_read(v, 100);
	}
	while (vmm_read(v, 1000))	/* the rest of its output, up to EOF */
		;
	v->pid = 0;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void vmm_stop(struct vmm *v)
{
	if (v->pid > 0) {
		kill(v->pid, SIGKILL);
		waitpid(v->pid, NULL, 0);
	}
	v->pid = 0;
	if (v->qmp >= 0)
		close(v->qmp);
	close(v->in);
	close(v->out);
	unlink(v->qmp_path);
}

/* qmp_read_reply: the next line that is a reply ("return" or "error"). */
static char *qmp_read_reply(struct vmm *v, char *buf, size_t size)
{
	size_t len = 0;

	for (;;) {
		struct pollfd p = { .fd = v->qmp, .events = POLLIN };
		char *nl;
		ssize_t r;

		buf[len] = 0;
		while ((nl = strchr(buf, '\n'))) {
			*nl = 0;
			if (strstr(buf, "\"return\"") || strstr(buf, "\"error\""))
				return buf;
			memmove(buf, nl + 1, len - (nl + 1 - buf) + 1);
			len = strlen(buf);
		}
		if (poll(&p, 1, 30000) <= 0 || len >= size - 1)
			return NULL;
		r = read(v->qmp, buf + len, size - 1 - len);
		if (r <= 0)
			return NULL;
		len += r;
	}
}

static char *qmp(struct vmm *v, char *reply, size_t size, const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(cmd, sizeof(cmd) - 1, fmt, ap);
	va_end(ap);
	cmd[n++] = '\n';
	if (write(v->qmp, cmd, n) != n)
		return NULL;
	return qmp_read_reply(v, reply, size);
}

static bool qmp_connect(struct vmm *v)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char reply[4096];

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", v->qmp_path);
	for (int i = 0; i < 300; i++) {
		v->qmp = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (!connect(v->qmp, (struct sockaddr *)&sa, sizeof(sa)))
			return qmp(v, reply, sizeof(reply), "{\"execute\": \"qmp_capabilities\"}") &&
			       strstr(reply, "\"return\"");
		close(v->qmp);
		v->qmp = -1;
		vmm_read(v, 100);
	}
	return false;
}

static char *convert(struct vmm *v, char *reply, size_t size, unsigned long gpa,
		     unsigned long len, bool private)
{
	return qmp(v, reply, size, "{\"execute\": \"x-convert-memory\", \"arguments\": "
		   "{\"gpa\": %lu, \"size\": %lu, \"private\": %s}}",
		   gpa, len, private ? "true" : "false");
}

static char *xp(struct vmm *v, char *reply, size_t size, unsigned long gpa)
{
	return qmp(v, reply, size, "{\"execute\": \"human-monitor-command\", \"arguments\": "
		   "{\"command-line\": \"xp /1xg 0x%lx\"}}", gpa);
}

/* The guest_memfd among QEMU's files: its fd number, -1 if none. */
static int qemu_guest_memfd(pid_t pid, unsigned long size)
{
	char path[300], target[128];
	struct dirent *d;
	struct stat st;
	int fd = -1;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	dir = opendir(path);
	while (dir && (d = readdir(dir))) {
		ssize_t n;

		snprintf(path, sizeof(path), "/proc/%d/fd/%s", pid, d->d_name);
		n = readlink(path, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = 0;
		if (strstr(target, "kvm-gmem") && !stat(path, &st) &&
		    (unsigned long)st.st_size == size) {
			fd = atoi(d->d_name);
			break;
		}
	}
	if (dir)
		closedir(dir);
	return fd;
}

/* Mappings of QEMU of exactly @size: how many of the guest_memfd, how many else. */
static void qemu_ram_mappings(pid_t pid, unsigned long size, int *gmem, int *other)
{
	char path[64], line[512];
	unsigned long start, end;
	FILE *f;

	*gmem = *other = 0;
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx", &start, &end) != 2 || end - start != size)
			continue;
		if (strstr(line, "kvm-gmem"))
			(*gmem)++;
		else
			(*other)++;
	}
	if (f)
		fclose(f);
}

/*
 * Boot to "GMEM-L2: pages ..." and parse the guest-physical addresses; @ram
 * as for vmm_start().
 */
static void boot_pattern_guest(struct __test_metadata *_metadata, struct vmm *v,
			       const char *ram, unsigned long *gpa)
{
	static const char *const cgs[] = {
		"-object", "sw-protected-vm,id=sp0", "-M", "confidential-guest-support=sp0", NULL
	};
	char line[512], *p;

	vmm_start(_metadata, v, "pattern", ram, cgs);
	ASSERT_TRUE(qmp_connect(v)) TH_LOG("no QMP; QEMU said:\n%s", v->log);
	ASSERT_TRUE(vmm_expect(v, "GMEM-L2: pages", BOOT_TIMEOUT, line, sizeof(line)))
		TH_LOG("the guest did not report its pages; console:\n%s", v->log);
	p = line + strlen("GMEM-L2: pages");
	for (int i = 0; i < NR_PAGES; i++)
		gpa[i] = strtoul(p, &p, 16);
	ASSERT_NE(gpa[NR_PAGES - 1], 0);
}

static void guest_exit(struct __test_metadata *_metadata, struct vmm *v)
{
	vmm_send(v, "exit");
	ASSERT_TRUE(vmm_expect(v, "GMEM-L2: power off", EXIT_TIMEOUT, NULL, 0));
	ASSERT_EQ(vmm_wait(v, EXIT_TIMEOUT), 0) TH_LOG("QEMU:\n%s", v->log);
}

TEST(boots_linux_from_guest_memfd_ram)
{
	char line[256], reply[4096], path[64];
	int fd, gmem_maps, other_maps;
	struct timespec t0, t1;
	struct vmm v;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	vmm_start(_metadata, &v, "marker", NULL, NULL);
	ASSERT_TRUE(vmm_expect(&v, "GMEM-L2: booted", BOOT_TIMEOUT, line, sizeof(line)))
		TH_LOG("no marker from the guest; QEMU and console:\n%s", v.log);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("# %s\n# L2 boot, QEMU start to marker: %.1f s\n", line,
	       t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9);

	fd = qemu_guest_memfd(v.pid, RAM_SIZE);
	ASSERT_GE(fd, 0) TH_LOG("QEMU has no guest_memfd of %d MiB", RAM_MB);
	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", v.pid, fd);
	ASSERT_EQ(access(path, R_OK), 0);
	qemu_ram_mappings(v.pid, RAM_SIZE, &gmem_maps, &other_maps);
	ASSERT_EQ(gmem_maps, 1);
	ASSERT_EQ(other_maps, 0) TH_LOG("QEMU maps RAM-sized memory that is not the guest_memfd");

	/* A default VM has no private memory: nothing to convert in place. */
	ASSERT_TRUE(qmp_connect(&v));
	ASSERT_NE(convert(&v, reply, sizeof(reply), 1 << 20, PAGE, true), NULL);
	ASSERT_NE(strstr(reply, "does not convert guest_memfd pages in place"), NULL)
		TH_LOG("reply: %s", reply);
	/* KVM logs no dirty pages of a guest_memfd memslot: no migration. */
	ASSERT_NE(qmp(&v, reply, sizeof(reply), "{\"execute\": \"migrate\", \"arguments\": "
		      "{\"uri\": \"exec:cat > /dev/null\"}}"), NULL);
	ASSERT_NE(strstr(reply, "is a guest_memfd"), NULL) TH_LOG("migrate: %s", reply);

	vmm_send(&v, "poweroff");
	ASSERT_TRUE(vmm_expect(&v, "GMEM-L2: power off", EXIT_TIMEOUT, NULL, 0));
	ASSERT_EQ(vmm_wait(&v, EXIT_TIMEOUT), 0) TH_LOG("QEMU:\n%s", v.log);
	vmm_stop(&v);
}

/* The guest's data survives conversion to private and back; QEMU cannot read it meanwhile. */
static void check_conversion_keeps_data(struct __test_metadata *_metadata, const char *ram)
{
	unsigned long gpa[NR_PAGES];
	char reply[4096], want[64];
	struct vmm v;

	boot_pattern_guest(_metadata, &v, ram, gpa);
	for (int i = 0; i < NR_PAGES; i++) {
		ASSERT_NE(convert(&v, reply, sizeof(reply), gpa[i], PAGE, true), NULL);
		ASSERT_NE(strstr(reply, "\"return\""), NULL) TH_LOG("page %d: %s", i, reply);
	}

	/* QEMU does not touch private memory: the monitor fails, QEMU lives. */
	ASSERT_NE(xp(&v, reply, sizeof(reply), gpa[0]), NULL);
	ASSERT_NE(strstr(reply, "Cannot access memory"), NULL) TH_LOG("xp: %s", reply);
	ASSERT_NE(qmp(&v, reply, sizeof(reply), "{\"execute\": \"pmemsave\", \"arguments\": "
		      "{\"val\": %lu, \"size\": 4096, \"filename\": \"/tmp/pmem\"}}", gpa[1]), NULL);
	ASSERT_NE(strstr(reply, "cannot read guest memory"), NULL) TH_LOG("pmemsave: %s", reply);

	/* The guest reads back what it wrote while the pages were shared. */
	vmm_send(&v, "check");
	ASSERT_TRUE(vmm_expect(&v, "GMEM-L2: pattern", 60, reply, sizeof(reply)));
	ASSERT_STREQ(reply, "GMEM-L2: pattern ok");

	for (int i = 0; i < NR_PAGES; i++) {
		ASSERT_NE(convert(&v, reply, sizeof(reply), gpa[i], PAGE, false), NULL);
		ASSERT_NE(strstr(reply, "\"return\""), NULL) TH_LOG("page %d: %s", i, reply);
	}
	ASSERT_NE(xp(&v, reply, sizeof(reply), gpa[2]), NULL);
	snprintf(want, sizeof(want), "0x676d656d00020000");	/* page 2, word 0 */
	ASSERT_NE(strstr(reply, want), NULL) TH_LOG("xp: %s", reply);

	vmm_send(&v, "check");
	ASSERT_TRUE(vmm_expect(&v, "GMEM-L2: pattern", 60, reply, sizeof(reply)));
	ASSERT_STREQ(reply, "GMEM-L2: pattern ok");
	guest_exit(_metadata, &v);
	vmm_stop(&v);
}

TEST(sw_protected_guest_keeps_data_across_conversion)
{
	check_conversion_keeps_data(_metadata, NULL);
}

TEST(sw_protected_guest_without_direct_map_keeps_data_across_conversion)
{
	check_conversion_keeps_data(_metadata, RAM_NO_DIRECT_MAP);
}

/* A mapping of QEMU's guest_memfd, from a second file descriptor of it. */
static char *map_qemu_guest_memfd(struct __test_metadata *_metadata, struct vmm *v,
				  int *pidfd, int *gmem)
{
	int qfd = qemu_guest_memfd(v->pid, RAM_SIZE);
	char *ram;

	ASSERT_GE(qfd, 0) TH_LOG("QEMU has no guest_memfd of %d MiB", RAM_MB);
	*pidfd = syscall(SYS_pidfd_open, v->pid, 0);
	ASSERT_GE(*pidfd, 0);
	*gmem = syscall(SYS_pidfd_getfd, *pidfd, qfd, 0);
	ASSERT_GE(*gmem, 0) TH_LOG("pidfd_getfd: %s", strerror(errno));
	ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, *gmem, 0);
	ASSERT_NE(ram, MAP_FAILED);
	return ram;
}

/*
 * A page that something outside the guest_memfd holds (here: spliced into
 * a pipe from a second mapping of QEMU's guest_memfd) cannot become
 * private: QEMU reports EAGAIN with the page's address, converts nothing,
 * and the conversion succeeds once the reference is gone.
 */
TEST(conversion_of_a_referenced_page_reports_eagain)
{
	unsigned long gpa[NR_PAGES];
	char reply[4096], want[64], held[PAGE];
	int pidfd, gmem, pipefd[2];
	struct iovec iov;
	struct vmm v;
	char *ram;

	boot_pattern_guest(_metadata, &v, NULL, gpa);
	ram = map_qemu_guest_memfd(_metadata, &v, &pidfd, &gmem);

	ASSERT_EQ(pipe(pipefd), 0);
	iov.iov_base = ram + gpa[3];
	iov.iov_len = PAGE;
	ASSERT_EQ(vmsplice(pipefd[1], &iov, 1, 0), PAGE);

	/* The error names the page; it stays shared. */
	ASSERT_NE(convert(&v, reply, sizeof(reply), gpa[3], PAGE, true), NULL);
	ASSERT_NE(strstr(reply, "EAGAIN"), NULL) TH_LOG("reply: %s", reply);
	snprintf(want, sizeof(want), "page at 0x%lx is in use", gpa[3]);
	ASSERT_NE(strstr(reply, want), NULL) TH_LOG("reply: %s", reply);
	ASSERT_NE(xp(&v, reply, sizeof(reply), gpa[3]), NULL);
	ASSERT_NE(strstr(reply, "0x676d656d00030000"), NULL) TH_LOG("still shared: %s", reply);

	/* Reading the pipe drops the reference. */
	ASSERT_EQ(read(pipefd[0], held, PAGE), PAGE);
	ASSERT_NE(convert(&v, reply, sizeof(reply), gpa[3], PAGE, true), NULL);
	ASSERT_NE(strstr(reply, "\"return\""), NULL) TH_LOG("reply: %s", reply);

	vmm_send(&v, "check");
	ASSERT_TRUE(vmm_expect(&v, "GMEM-L2: pattern", 60, reply, sizeof(reply)));
	ASSERT_STREQ(reply, "GMEM-L2: pattern ok");
	munmap(ram, RAM_SIZE);
	close(gmem);
	close(pidfd);
	guest_exit(_metadata, &v);
	vmm_stop(&v);
}

TEST(convert_rejects_bad_ranges)
{
	unsigned long gpa[NR_PAGES];
	char reply[4096];
	struct vmm v;

	boot_pattern_guest(_metadata, &v, NULL, gpa);
	ASSERT_NE(convert(&v, reply, sizeof(reply), gpa[0] + 512, PAGE, true), NULL);
	ASSERT_NE(strstr(reply, "not page aligned"), NULL) TH_LOG("unaligned: %s", reply);
	ASSERT_NE(convert(&v, reply, sizeof(reply), gpa[0], 0, true), NULL);
	ASSERT_NE(strstr(reply, "is empty"), NULL) TH_LOG("empty: %s", reply);
	ASSERT_NE(convert(&v, reply, sizeof(reply), RAM_SIZE + (1 << 20), PAGE, true), NULL);
	ASSERT_NE(strstr(reply, "\"error\""), NULL) TH_LOG("beyond RAM: %s", reply);
	ASSERT_NE(convert(&v, reply, sizeof(reply), RAM_SIZE - PAGE, 2 * PAGE, true), NULL);
	ASSERT_NE(strstr(reply, "\"error\""), NULL) TH_LOG("across the end: %s", reply);

	vmm_send(&v, "check");
	ASSERT_TRUE(vmm_expect(&v, "GMEM-L2: pattern", 60, reply, sizeof(reply)));
	ASSERT_STREQ(reply, "GMEM-L2: pattern ok");
	guest_exit(_metadata, &v);
	vmm_stop(&v);
}

/* expect_refusal: QEMU exits non-zero at once with @message. */
static void expect_refusal(struct __test_metadata *_metadata, const char *ram,
			   const char *const *extra, const char *message)
{
	struct vmm v;

	vmm_start(_metadata, &v, "marker", ram, extra);
	ASSERT_EQ(vmm_wait(&v, EXIT_TIMEOUT), 1) TH_LOG("QEMU:\n%s", v.log);
	ASSERT_NE(strstr(v.log, message), NULL) TH_LOG("QEMU:\n%s", v.log);
	printf("# %s", strstr(v.log, "qemu-system-x86_64:") ?: v.log);
	vmm_stop(&v);
}

/*
 * The guest boots from RAM out of the direct map; the kernel refuses to pin
 * its pages (vmsplice() fails with EFAULT), which it does for no other RAM.
 */
TEST(boots_linux_from_guest_memfd_ram_without_direct_map)
{
	int pidfd, gmem, pipefd[2];
	char line[256];
	struct iovec iov;
	struct vmm v;
	char *ram;

	vmm_start(_metadata, &v, "marker", RAM_NO_DIRECT_MAP, NULL);
	ASSERT_TRUE(vmm_expect(&v, "GMEM-L2: booted", BOOT_TIMEOUT, line, sizeof(line)))
		TH_LOG("no marker from the guest; QEMU and console:\n%s", v.log);
	printf("# %s\n", line);

	ram = map_qemu_guest_memfd(_metadata, &v, &pidfd, &gmem);
	ASSERT_EQ(pipe(pipefd), 0);
	iov.iov_base = ram + (1 << 20);
	iov.iov_len = PAGE;
	ASSERT_EQ(vmsplice(pipefd[1], &iov, 1, 0), -1);
	ASSERT_EQ(errno, EFAULT);
	close(pipefd[0]);
	close(pipefd[1]);
	munmap(ram, RAM_SIZE);
	close(gmem);
	close(pidfd);

	vmm_send(&v, "poweroff");
	ASSERT_TRUE(vmm_expect(&v, "GMEM-L2: power off", EXIT_TIMEOUT, NULL, 0));
	ASSERT_EQ(vmm_wait(&v, EXIT_TIMEOUT), 0) TH_LOG("QEMU:\n%s", v.log);
	vmm_stop(&v);
}

TEST(no_direct_map_needs_guest_memfd)
{
	expect_refusal(_metadata, "memory-backend-memfd,id=ram0,size=256M,no-direct-map=on",
		       NULL, "no-direct-map=on requires guest-memfd=on");
}

TEST(guest_memfd_ram_needs_share)
{
	expect_refusal(_metadata, "memory-backend-memfd,id=ram0,size=256M,guest-memfd=on,share=off",
		       NULL, "guest-memfd=on must be used with share=on");
}

TEST(sw_protected_vm_needs_guest_memfd_ram)
{
	static const char *const cgs[] = {
		"-object", "sw-protected-vm,id=sp0", "-M", "confidential-guest-support=sp0", NULL
	};

	expect_refusal(_metadata, "memory-backend-memfd,id=ram0,size=256M", cgs,
		       "sw-protected-vm needs the guest RAM in a guest_memfd");
}

/* Only the machine's confidential-guest-support object checks the RAM. */
TEST(unused_sw_protected_vm_object_leaves_the_vm_alone)
{
	static const char *const unused[] = { "-object", "sw-protected-vm,id=unused", NULL };
	struct vmm v;

	vmm_start(_metadata, &v, "marker", "memory-backend-memfd,id=ram0,size=256M", unused);
	ASSERT_TRUE(vmm_expect(&v, "GMEM-L2: booted", BOOT_TIMEOUT, NULL, 0))
		TH_LOG("QEMU and console:\n%s", v.log);
	vmm_send(&v, "poweroff");
	ASSERT_TRUE(vmm_expect(&v, "GMEM-L2: power off", EXIT_TIMEOUT, NULL, 0));
	ASSERT_EQ(vmm_wait(&v, EXIT_TIMEOUT), 0) TH_LOG("QEMU:\n%s", v.log);
	vmm_stop(&v);
}

/* On a kernel without guest_memfd mmap (the unpatched 6.12): one clear message. */
TEST(refuses_guest_memfd_ram_without_kernel_support)
{
	int kvm = open("/dev/kvm", O_RDWR), vm, flags;

	ASSERT_GE(kvm, 0);
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	ASSERT_GE(vm, 0);
	flags = ioctl(vm, KVM_CHECK_EXTENSION, 244 /* KVM_CAP_GUEST_MEMFD_FLAGS */);
	close(vm);
	close(kvm);
	ASSERT_EQ(flags, 0) TH_LOG("this kernel supports guest_memfd flags 0x%x; run on the unpatched kernel", flags);
	expect_refusal(_metadata, NULL, NULL,
		       "KVM does not support guest_memfd flags 0x3 (KVM_CAP_GUEST_MEMFD_FLAGS: 0x0");
}

TEST_HARNESS_MAIN
