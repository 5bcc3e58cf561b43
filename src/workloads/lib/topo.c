#include <hwloc.h>
#include <pthread.h>

#include "wl_lib.h"

/* Loaded once: a topology load takes milliseconds and the machine is fixed. */
static hwloc_topology_t kmb_topo;
static bool kmb_topo_ok;
static pthread_once_t kmb_topo_once = PTHREAD_ONCE_INIT;

static void topo_load(void)
{
	if (hwloc_topology_init(&kmb_topo))
		return;
	if (hwloc_topology_load(kmb_topo)) {
		hwloc_topology_destroy(kmb_topo);
		return;
	}
	kmb_topo_ok = true;
}

__attribute__((destructor)) static void topo_unload(void)
{
	if (kmb_topo_ok)
		hwloc_topology_destroy(kmb_topo);
	kmb_topo_ok = false;
}

static bool topo(void)
{
	pthread_once(&kmb_topo_once, topo_load);
	return kmb_topo_ok;
}

unsigned int kmb_topo_pus(void)
{
	int n;

	if (!topo())
		return 0;
	n = hwloc_get_nbobjs_by_type(kmb_topo, HWLOC_OBJ_PU);
	return n > 0 ? (unsigned int)n : 0;
}

int kmb_pin_thread_pu(unsigned int idx, unsigned int *os, struct kmb_err *err)
{
	hwloc_obj_t pu;

	if (!topo())
		return kmb_fail(err, KMB_EXIT_ENV, "hwloc cannot load the CPU topology");
	pu = hwloc_get_obj_by_type(kmb_topo, HWLOC_OBJ_PU, idx);
	if (!pu)
		return kmb_fail(err, KMB_EXIT_ENV, "no processing unit #%u here", idx);
	if (hwloc_set_cpubind(kmb_topo, pu->cpuset, HWLOC_CPUBIND_THREAD | HWLOC_CPUBIND_STRICT) &&
	    hwloc_set_cpubind(kmb_topo, pu->cpuset, HWLOC_CPUBIND_THREAD))
		return kmb_fail(err, KMB_EXIT_ENV, "cannot bind a thread to PU %u", pu->os_index);
	if (os)
		*os = pu->os_index;
	return 0;
}

int kmb_pin_thread_node(unsigned int node, struct kmb_err *err)
{
	hwloc_obj_t n;

	if (!topo())
		return kmb_fail(err, KMB_EXIT_ENV, "hwloc cannot load the CPU topology");
	n = hwloc_get_numanode_obj_by_os_index(kmb_topo, node);
	if (!n)
		return kmb_fail(err, KMB_EXIT_ENV, "hwloc knows no NUMA node %u", node);
	if (hwloc_bitmap_iszero(n->cpuset))
		return kmb_fail(err, KMB_EXIT_ENV, "NUMA node %u has no CPU", node);
	if (hwloc_set_cpubind(kmb_topo, n->cpuset, HWLOC_CPUBIND_THREAD))
		return kmb_fail(err, KMB_EXIT_ENV, "cannot bind a thread to the CPUs of node %u",
				node);
	return 0;
}

void *kmb_save_thread_binding(void)
{
	hwloc_bitmap_t saved;

	if (!topo())
		return NULL;
	saved = hwloc_bitmap_alloc();
	if (saved && hwloc_get_cpubind(kmb_topo, saved, HWLOC_CPUBIND_THREAD)) {
		hwloc_bitmap_free(saved);
		saved = NULL;
	}
	return saved;
}

void kmb_restore_thread_binding(void *saved)
{
	if (!saved)
		return;
	hwloc_set_cpubind(kmb_topo, saved, HWLOC_CPUBIND_THREAD);
	hwloc_bitmap_free(saved);
}
