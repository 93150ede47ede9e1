# guest_memfd for Linux 6.12: the user-facing steps. Every log lands in build/logs/.
SHELL := /bin/bash
S := scripts

.PHONY: help run check shell tree export deps source patch config kernel debug \
	userspace initramfs checkpatch bisect-check sev bench try clean distclean \
	qemu qemu-tree qemu-export qemu-checkpatch

help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)

## run           build everything, boot the patched kernel, run the tour (the main job)
run:
	@$(S)/run.sh tour
## check         the test command (what .ci/run runs): ends "N passed, N failed, N skipped"
##               (LANES="plain debug", TESTS=a,b to run some tests, BISECT=0, SEV=0)
check:
	@$(S)/check.sh
## shell         boot the plain kernel and give a busybox shell (tests in /tests)
shell:
	@$(S)/run.sh shell
## bench         benchmark: unpatched 6.12 vs the series vs the series without the freeze
##               gate, under QEMU icount; table + chart in build/bench/results/
bench: patch
	@$(S)/deps.sh && $(S)/bench.sh
## try           boot the plain kernel with one test binary: make try T=path [A="args"]
try:
	@$(S)/try.sh $(T) $(A)
## tree          developer tree build/tree: base + patches/ as commits (branch dev)
tree:
	@$(S)/deps.sh && $(S)/source.sh && $(S)/tree.sh
## export        regenerate patches/ and patches/series from build/tree base..HEAD
export:
	@$(S)/export.sh
## checkpatch    checkpatch.pl --strict on every patch
checkpatch: patch
	@$(S)/checkpatch.sh
## bisect-check  build the kernel after each patch of the series
bisect-check: patch
	@$(S)/bisect.sh
## sev           compile-only lane: SEV-SNP + VMX, W=1 on arch/x86/kvm and virt/kvm
sev: patch
	@$(S)/sev.sh
## qemu          QEMU 10.0.2 (Debian source) + qemu/patches, KVM-only x86_64, into build/out/qemu
qemu: deps
	@$(S)/qemu-source.sh && $(S)/qemu-build.sh
## qemu-tree     QEMU developer tree build/qemu-tree: base + qemu/patches as commits (branch dev)
qemu-tree: deps
	@$(S)/qemu-tree.sh
## qemu-export   regenerate qemu/patches/ and its series from build/qemu-tree base..HEAD
qemu-export:
	@$(S)/qemu-export.sh
## qemu-checkpatch  QEMU's checkpatch.pl on every QEMU patch
qemu-checkpatch:
	@$(S)/qemu-source.sh && $(S)/qemu-checkpatch.sh
deps:
	@$(S)/deps.sh
source: deps
	@$(S)/source.sh
patch: source
	@$(S)/apply.sh
kernel: patch
	@$(S)/config.sh plain && $(S)/kernel.sh plain
debug: patch
	@$(S)/config.sh debug && $(S)/kernel.sh debug
userspace: patch qemu
	@$(S)/selftests.sh && $(S)/initramfs.sh
## clean         remove build output (keeps the pristine source and the developer tree)
clean:
	rm -rf build/out build/logs build/linux
## distclean     remove everything generated, including build/tree (unexported work is lost)
distclean:
	rm -rf build
