// SPDX-License-Identifier: GPL-2.0
/*
 * l2_guest: runs in the L2 guest of qemu_gmem_test.  Fills NR_PAGES locked
 * pages with a pattern, prints their guest-physical addresses, then answers
 * the host on the console: "check" verifies the pattern, "exit" ends.
 * The host converts the pages between shared and private in between.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define NR_PAGES	8
#define PAGE		4096UL
#define WORDS		(PAGE / sizeof(uint64_t))

/* Word w of page p: "gmem" in the high half, then p and w. */
static uint64_t pattern(unsigned long p, unsigned long w)
{
	return 0x676d656d00000000ULL | p << 16 | w;
}

static int check(const uint64_t *mem)
{
	for (unsigned long p = 0; p < NR_PAGES; p++)
		for (unsigned long w = 0; w < WORDS; w++)
			if (mem[p * WORDS + w] != pattern(p, w)) {
				printf("GMEM-L2: pattern bad at page %lu word %lu: %llx\n",
				       p, w, (unsigned long long)mem[p * WORDS + w]);
				return -1;
			}
	printf("GMEM-L2: pattern ok\n");
	return 0;
}

int main(void)
{
	uint64_t *mem, entry;
	char line[64];
	int fd;

	mem = mmap(NULL, NR_PAGES * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE | MAP_LOCKED, -1, 0);
	if (mem == MAP_FAILED) {
		perror("GMEM-L2: mmap");
		return 1;
	}
	for (unsigned long p = 0; p < NR_PAGES; p++)
		for (unsigned long w = 0; w < WORDS; w++)
			mem[p * WORDS + w] = pattern(p, w);

	fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0) {
		perror("GMEM-L2: pagemap");
		return 1;
	}
	printf("GMEM-L2: pages");
	for (unsigned long p = 0; p < NR_PAGES; p++) {
		uintptr_t va = (uintptr_t)mem + p * PAGE;

		if (pread(fd, &entry, sizeof(entry), va / PAGE * sizeof(entry)) != sizeof(entry) ||
		    !(entry >> 63)) {
			printf("\nGMEM-L2: page %lu not present\n", p);
			return 1;
		}
		printf(" 0x%llx", (unsigned long long)((entry & ((1ULL << 55) - 1)) * PAGE));
	}
	printf("\n");
	fflush(stdout);

	while (fgets(line, sizeof(line), stdin)) {
		if (!strncmp(line, "check", 5))
			check(mem);
		else if (!strncmp(line, "exit", 4))
			break;
		fflush(stdout);
	}
	return 0;
}
