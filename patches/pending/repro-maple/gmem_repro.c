/* The guest_memfd shareability pattern on a userspace maple tree. */
#define CONFIG_DEBUG_MAPLE_TREE
#define dump_stack() assert(0)
#include "test.h"
#include <stdio.h>
#include <stdlib.h>
#include <linux/maple_tree.h>

void maple_tree_init(void);
extern int nr_allocated;

#define SHARED	xa_mk_value(1)
#define PRIVATE	xa_mk_value(2)

static struct maple_tree mt;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void merge(unsigned long *first, unsigned long *last, void *state)
{
	MA_STATE(mas, &mt, 0, 0);

	if (*first) {
		mas_set(&mas, *first - 1);
		if (mas_walk(&mas) == state)
			*first = mas.index;
	}
	if (*last != ULONG_MAX) {
		mas_set(&mas, *last + 1);
		if (mas_walk(&mas) == state)
			*last = mas.last;
	}
}

static void convert(unsigned long start, unsigned long end, void *state)
{
	MA_STATE(mas, &mt, 0, 0);
	unsigned long first = start, last = end - 1;

	pthread_mutex_lock(&lock);
	merge(&first, &last, state);
	mas_set_range(&mas, first, last);
	if (mas_preallocate(&mas, state, GFP_KERNEL))
		abort();
	mas_store_prealloc(&mas, state);
	mas_destroy(&mas);
	pthread_mutex_unlock(&lock);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	unsigned long npages = argc > 1 ? strtoul(argv[1], NULL, 0) : 65536, i;
	int rcu = argc > 2 ? atoi(argv[2]) : 1;
	MA_STATE(mas, &mt, 0, npages - 1);

	maple_tree_init();
	rcu_register_thread();
	mt_init_flags(&mt, MT_FLAGS_LOCK_EXTERN | (rcu ? MT_FLAGS_USE_RCU : 0));
	mt_set_external_lock(&mt, &lock);
	pthread_mutex_lock(&lock);
	if (mas_store_gfp(&mas, SHARED, GFP_KERNEL))
		abort();
	pthread_mutex_unlock(&lock);
	for (i = 1; i < npages; i += 2)
		convert(i, i + 1, PRIVATE);
	printf("%lu pages, rcu %d: height %u\n", npages, rcu, mt_height(&mt));
	mt_validate(&mt);
	if (argc > 3 && atoi(argv[3])) {
		MA_STATE(m2, &mt, 0, npages - 1);

		pthread_mutex_lock(&lock);
		if (mas_store_gfp(&m2, SHARED, GFP_KERNEL))
			abort();
		pthread_mutex_unlock(&lock);
	} else {
		convert(0, npages, SHARED);
	}
	mt_validate(&mt);
	rcu_barrier();
	printf("after whole-range store: ok\n");
	pthread_mutex_lock(&lock);
	__mt_destroy(&mt);
	pthread_mutex_unlock(&lock);
	rcu_barrier();
	printf("destroyed: ok, nr_allocated %d\n", nr_allocated);
	return 0;
}
