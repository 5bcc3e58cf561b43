/*
 * The environment fingerprint: what a result needs to say about the machine
 * and kernel so that two runs can be judged comparable or not.
 */
#ifndef KMB_SYSINFO_H
#define KMB_SYSINFO_H

#include <jansson.h>

#include "kmembench.h"

/*
 * How the system runs: "native", "kvm", "tcg" or "vm:<hypervisor vendor>".
 * kmembench_virt=MODE on the kernel command line (set by scripts/vm-run,
 * which knows how it started QEMU) wins over CPUID.
 */
const char *kmb_virt_mode(char *buf, size_t len);

/*
 * The "system" object. @info is the module's INFO or NULL when the module is
 * absent; the kernel config then comes from /boot/config-<release>.
 */
json_t *kmb_sysinfo_json(const struct kmb_info *info);

#endif
