/* Minimal: RCU-mode maple tree, N alternating single-index entries, one store over all. */
#define CONFIG_DEBUG_MAPLE_TREE
#define dump_stack() assert(0)
#include "test.h"
#include <stdio.h>
#include <stdlib.h>
#include <linux/maple_tree.h>

void maple_tree_init(void);

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 65536, i;
	int rcu = argc > 2 ? atoi(argv[2]) : 1;
	struct maple_tree mt;

	setvbuf(stdout, NULL, _IONBF, 0);
	maple_tree_init();
	rcu_register_thread();
	mt_init_flags(&mt, rcu ? MT_FLAGS_USE_RCU : 0);
	for (i = 0; i < n; i++)
		if (mtree_store_range(&mt, i, i, xa_mk_value(i & 1), GFP_KERNEL))
			abort();
	printf("%lu entries, rcu %d, height %u\n", n, rcu, mt_height(&mt));
	if (mtree_store_range(&mt, 0, n - 1, xa_mk_value(0), GFP_KERNEL))
		abort();
	mt_validate(&mt);
	rcu_barrier();
	printf("store over all + RCU free: ok\n");
	mtree_destroy(&mt);
	rcu_barrier();
	return 0;
}
