/* Static /init for the fixture kernels: loads the module named by the
 * kernel command line (oopscase=NAME reaches init as an environment
 * variable), waits for the loader (killed by the oops), then reboots so
 * that QEMU, run with -no-reboot, exits. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void load(const char *name)
{
	char path[128];
	int fd;
	long r;

	snprintf(path, sizeof path, "/lib/modules/oopsreplay_%s.ko", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		perror(path);
		_exit(1);
	}
	printf("oopsreplay-init: loading %s\n", path);
	fflush(stdout);
	r = syscall(SYS_finit_module, fd, "", 0);
	printf("oopsreplay-init: finit_module returned %ld\n", r);
	_exit(0);
}

int main(void)
{
	const char *name = getenv("oopscase");
	pid_t pid;
	int status;

	if (!name) {
		puts("oopsreplay-init: no oopscase=NAME on the kernel command line");
	} else {
		pid = fork();
		if (pid == 0)
			load(name);
		if (pid > 0 && waitpid(pid, &status, 0) == pid)
			printf("oopsreplay-init: loader ended, wait status 0x%x\n", status);
	}
	fflush(stdout);
	reboot(RB_AUTOBOOT);
	for (;;)
		pause();
}
