/* RCU-mode maple tree without ALLOC_RANGE: random range stores with merging
 * of equal neighbours, as guest_memfd's shared/private tree does. */
#define CONFIG_DEBUG_MAPLE_TREE
#define dump_stack() assert(0)
#include "test.h"
#include <stdio.h>
#include <stdlib.h>
#include <linux/maple_tree.h>

void maple_tree_init(void);

static unsigned long rnd(unsigned long *s)
{
	*s ^= *s << 13; *s ^= *s >> 7; *s ^= *s << 17;
	return *s;
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 65536;
	unsigned long iters = argc > 2 ? strtoul(argv[2], NULL, 0) : 200000;
	unsigned long seed = argc > 3 ? strtoul(argv[3], NULL, 0) : 1, i;
	struct maple_tree mt;

	setvbuf(stdout, NULL, _IONBF, 0);
	maple_tree_init();
	rcu_register_thread();
	mt_init_flags(&mt, MT_FLAGS_USE_RCU);
	mtree_store_range(&mt, 0, n - 1, xa_mk_value(1), GFP_KERNEL);
	for (i = 0; i < iters; i++) {
		unsigned long first = rnd(&seed) % n, len = 1 + rnd(&seed) % 4;
		unsigned long last = first + len - 1 < n ? first + len - 1 : n - 1;
		void *v = xa_mk_value(1 + (rnd(&seed) & 1));
		MA_STATE(mas, &mt, 0, 0);

		mtree_lock(&mt);
		if (first) {
			mas_set(&mas, first - 1);
			if (mas_walk(&mas) == v)
				first = mas.index;
		}
		if (last != n - 1) {
			mas_set(&mas, last + 1);
			if (mas_walk(&mas) == v)
				last = mas.last;
		}
		mas_set_range(&mas, first, last);
		if (mas_store_gfp(&mas, v, GFP_KERNEL))
			abort();
		mtree_unlock(&mt);
		if (!(i % 20000))
			rcu_barrier();
	}
	printf("%lu ops on %lu pages, height %u\n", iters, n, mt_height(&mt));
	mt_validate(&mt);
	mtree_destroy(&mt);
	rcu_barrier();
	printf("ok\n");
	return 0;
}
