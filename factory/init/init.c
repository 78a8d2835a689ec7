/* Static /init for the fixture kernels, without libc: Debian's static glibc
 * touches the FPU at startup and the 24Kc kernels have no FPU emulation.
 * Loads the module named by the kernel command line (oopscase=NAME reaches
 * init as an environment variable), waits for the loader child (the oops
 * kills it), then reboots so that QEMU, run with -no-reboot, exits.
 * Build: see factory/cases.sh (-static -nostdlib -ffreestanding; MIPS also -fno-pic
 * -mno-abicalls -G0, as there is no gp set up) */
#include <asm/unistd.h>
#include <linux/reboot.h>

typedef unsigned long ulong;

#if defined(__mips__)
/* o32: number in v0, arguments in a0..a3, result in v0, a3 != 0 on error. */
static long sys(long n, long a, long b, long c, long d)
{
	register long v0 __asm__("$2") = n;
	register long a0 __asm__("$4") = a;
	register long a1 __asm__("$5") = b;
	register long a2 __asm__("$6") = c;
	register long a3 __asm__("$7") = d;

	__asm__ volatile("syscall"
			 : "+r"(v0), "+r"(a3)
			 : "r"(a0), "r"(a1), "r"(a2)
			 : "$1", "$3", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15",
			   "$24", "$25", "hi", "lo", "memory");
	return a3 ? -v0 : v0;
}
#elif defined(__aarch64__)
static long sys(long n, long a, long b, long c, long d)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;

	__asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
	return x0;
}
#else
#error "init.c: mips or aarch64 only"
#endif

static ulong len(const char *s)
{
	ulong n = 0;

	while (s[n])
		n++;
	return n;
}

static void say(const char *a, const char *b)
{
	sys(__NR_write, 1, (long)a, len(a), 0);
	sys(__NR_write, 1, (long)b, len(b), 0);
	sys(__NR_write, 1, (long)"\n", 1, 0);
}

static int starts(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return 0;
	return 1;
}

static void load(const char *name)
{
	static char path[128] = "/lib/modules/oopsreplay_";
	ulong n = len(path), i;
	long fd, r;

	for (i = 0; name[i] && n < sizeof(path) - 4; i++)
		path[n++] = name[i];
	path[n++] = '.'; path[n++] = 'k'; path[n++] = 'o'; path[n] = 0;
	fd = sys(__NR_openat, -100 /* AT_FDCWD */, (long)path, 0, 0);
	if (fd < 0) {
		say("oopsreplay-init: cannot open ", path);
		sys(__NR_exit, 1, 0, 0, 0);
	}
	say("oopsreplay-init: loading ", path);
	r = sys(__NR_finit_module, fd, (long)"", 0, 0);
	say("oopsreplay-init: finit_module returned ", r == 0 ? "0" : "an error");
	sys(__NR_exit, 0, 0, 0, 0);
}

void start(char **envp) __attribute__((used, noreturn));

void start(char **envp)
{
	const char *name = 0;
	long pid;

	for (; *envp; envp++)
		if (starts(*envp, "oopscase="))
			name = *envp + 9;
	if (!name) {
		say("oopsreplay-init: no oopscase=NAME on the kernel command line", "");
	} else {
		pid = sys(__NR_clone, 17 /* SIGCHLD */, 0, 0, 0);
		if (pid == 0)
			load(name);
		if (pid > 0 && sys(__NR_wait4, pid, 0, 0, 0) == pid)
			say("oopsreplay-init: loader ended", "");
	}
	sys(__NR_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_RESTART, 0);
	/* Not reached; if reboot failed, init's exit panics and panic=1 reboots. */
	for (;;)
		sys(__NR_exit, 1, 0, 0, 0);
}

/* The kernel enters with sp -> argc, argv[], NULL, envp[], NULL. */
#if defined(__mips__)
__asm__(".text\n.globl __start\n.ent __start\n__start:\n"
	"  lw $4, 0($sp)\n  addiu $5, $sp, 4\n  sll $4, $4, 2\n  addu $4, $4, $5\n  addiu $4, $4, 4\n"
	"  addiu $sp, $sp, -32\n  la $25, start\n  jalr $25\n  nop\n.end __start\n");
#else
__asm__(".text\n.globl _start\n_start:\n"
	"  ldr x0, [sp]\n  add x1, sp, #8\n  add x0, x1, x0, lsl #3\n  add x0, x0, #8\n  bl start\n");
#endif
