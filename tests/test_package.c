/* Installing vitrina: the man pages (linted, and covering every command, option and
 * config key the programs know), `make install` and `make uninstall` into a folder, and
 * the Debian packages (`make deb`: their contents, their conffile, lintian). */
#define _GNU_SOURCE             /* memmem */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "t.h"
#include "util.h"

static const char *const man_pages[] = {"man/vitrina.1", "man/kiosk.conf.5",
					"man/vitrina-hub.8"};

static const char *source_root(void)
{
	return t_source("debian/control");
}

/* root/name, in one of 8 slots. */
static const char *src(const char *name)
{
	static char path[8][1200];
	static int slot;
	char *out = path[slot++ & 7];

	snprintf(out, 1200, "%s/%s", source_root(), name);
	return out;
}

/* ---- the man pages ---- */

/* The man page's text with roff's \- as -, for finding names and options. */
static char *man_text(const char *page)
{
	char *s = t_read_file(src(page)), *r = s, *w = s;

	for (; *r != '\0'; r++) {
		if (r[0] == '\\' && r[1] == '-')
			r++;
		*w++ = *r;
	}
	*w = '\0';
	return s;
}

TEST(package_man_lint)
{
	const char *mandoc = t_tool("mandoc"), *man = t_tool("man");
	size_t i;

	if (mandoc == NULL && man == NULL)
		t_skip("neither mandoc nor man is installed (apt-get install mandoc)");
	for (i = 0; i < sizeof man_pages / sizeof man_pages[0]; i++) {
		char *out = NULL, *err = NULL;
		const char *page = src(man_pages[i]);

		if (mandoc != NULL) {
			char *argv[] = {(char *)mandoc, (char *)"-T", (char *)"lint",
					(char *)"-W", (char *)"warning", (char *)page, NULL};

			CHECK_INT(t_run(argv, &out, &err), 0);
			CHECK_STR(out, "");
			free(out), free(err);
		}
		if (man != NULL) {
			/* groff's warnings (man --warnings) go to stderr; the page to stdout. */
			char *argv[] = {(char *)man, (char *)"--warnings", (char *)"-E",
					(char *)"UTF-8", (char *)"-l", (char *)page, NULL};

			CHECK_INT(t_run(argv, &out, &err), 0);
			CHECK_STR(err, "");
			CHECK(strstr(out, "NAME") != NULL);
			free(out), free(err);
		}
	}
}

/* Whether the page has a tag (a line .B, .BI, .BR or .SS) starting with word. */
static int has_tag(const char *text, const char *word)
{
	const char *p = text;
	size_t n = strlen(word);

	while ((p = strchr(p, '\n')) != NULL) {
		p++;
		if (strncmp(p, ".B", 2) != 0 && strncmp(p, ".SS", 3) != 0)
			continue;
		p += strcspn(p, " \n");
		p += strspn(p, " \"");
		if (strncmp(p, word, n) == 0 && strchr(" \"\\\n", p[n]) != NULL)
			return 1;
	}
	return 0;
}

/* The help of a program: `prog [cmd] --help` (a new string). */
static char *help_of(const char *prog, const char *cmd)
{
	char *out = NULL;
	char *argv[] = {(char *)t_bin(prog), (char *)(cmd ? cmd : "--help"),
			(char *)"--help", NULL};

	if (cmd == NULL)
		argv[2] = NULL;
	CHECK_INT(t_run(argv, &out, NULL), 0);
	return out;
}

/* Every option --name in text appears in the man page's text. */
static void options_in(const char *text, const char *page, const char *where)
{
	const char *p = text;

	while ((p = strstr(p, "--")) != NULL) {
		size_t n = 2 + strspn(p + 2, "abcdefghijklmnopqrstuvwxyz-");
		char opt[64];

		snprintf(opt, sizeof opt, "%.*s", (int)(n < 63 ? n : 63), p);
		p += n;
		if (n > 3 && strstr(page, opt) == NULL) {
			fprintf(stderr, "  %s: %s is not in the man page\n", where, opt);
			CHECK(!"every option is in the man page");
		}
	}
}

/* The commands of `prog --help` (lines under "commands:" indented by two spaces, the
 * first word each): each has a tag in the page, and its options are in it. */
static void commands_in(const char *prog, const char *page_file)
{
	char *help = help_of(prog, NULL), *page = man_text(page_file);
	const char *p = strstr(help, "\ncommands:\n");
	int n = 0;

	if (!CHECK(p != NULL))
		goto out;
	options_in(help, page, prog);
	for (p = strchr(p + 1, '\n') + 1; strncmp(p, "  ", 2) == 0; p = strchr(p, '\n') + 1) {
		char cmd[64], *sub;

		if (sscanf(p, " %63s", cmd) != 1 || cmd[0] == '-')
			continue;
		n++;
		if (!has_tag(page, cmd))
			fprintf(stderr, "  %s: command %s has no entry\n", page_file, cmd);
		CHECK(has_tag(page, cmd));
		sub = help_of(prog, cmd);
		options_in(sub, page, cmd);
		free(sub);
	}
	CHECK(n >= 6);
out:
	free(help);
	free(page);
}

/* The man pages cover the programs: every command, every option of each command's
 * --help, every key of the example config. */
TEST(package_man_complete)
{
	char *example = t_read_file(src("kiosk/kiosk.conf.example"));
	char *page = man_text("man/kiosk.conf.5");
	const char *p;
	int keys = 0;

	commands_in("vitrina", "man/vitrina.1");
	commands_in("vitrina-hub", "man/vitrina-hub.8");
	for (p = example; p != NULL && *p != '\0'; p = strchr(p, '\n'), p = p ? p + 1 : p) {
		char key[64];
		int end = 0;

		if (sscanf(p, "%*[#]%63[a-z_] =%n", key, &end) != 1 &&
		    sscanf(p, "%63[a-z_] =%n", key, &end) != 1)
			continue;
		if (end == 0)
			continue;
		keys++;
		if (!has_tag(page, key))
			fprintf(stderr, "  kiosk.conf.5: key %s has no entry\n", key);
		CHECK(has_tag(page, key));
	}
	CHECK(keys >= 20);
	free(example);
	free(page);
}

/* ---- make install, make uninstall ---- */

/* Run `make -s TARGET` in the source tree into destdir, with this build folder; the
 * outer make's job server is not ours to use. Returns make's exit status. */
static int run_make(const char *target, const char *destdir, const char *log)
{
	static const char *const env[] = {"MAKEFLAGS", "MAKELEVEL", "MFLAGS", NULL};
	const char *make = t_tool("make");
	char build[1100], dest[1100];
	char *argv[] = {(char *)make, (char *)"-s", (char *)"-C", (char *)source_root(),
			build, dest, (char *)"PREFIX=/usr/local", (char *)target, NULL};
	struct t_spawn_opts o = {.env = env};

	if (make == NULL)
		t_skip("make is not installed");
	snprintf(build, sizeof build, "BUILD=%s", t_bin(""));
	snprintf(dest, sizeof dest, "DESTDIR=%s", destdir);
	o.out.how = T_IO_APPEND, o.out.path = log;
	o.err.how = T_IO_STDOUT;
	return t_wait(t_spawn(argv, &o), 60000);
}

/* Whether the ELF file at path still has its symbol table (readelf -S). */
static int has_symtab(const char *path)
{
	const char *readelf = t_tool("readelf");
	char *out = NULL;
	char *argv[] = {(char *)readelf, (char *)"-S", (char *)"-W", (char *)path, NULL};
	int yes;

	if (readelf == NULL)
		t_skip("readelf is not installed (binutils)");
	CHECK_INT(t_run(argv, &out, NULL), 0);
	yes = strstr(out, ".symtab") != NULL;
	free(out);
	return yes;
}

static int exists(const char *dir, const char *name)
{
	char path[2048];
	struct stat st;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return 1;
	fprintf(stderr, "  missing: %s\n", path);
	return 0;
}

static int files_left;

static int count_file(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st, (void)f;
	if (flag == FTW_F) {
		files_left++;
		if (strstr(path, "/etc/vitrina/kiosk.conf") == NULL)
			fprintf(stderr, "  left: %s\n", path);
	}
	return 0;
}

/* The installed vitrina finds the installed vitrina-net for the commands that talk to
 * the hub (`status` runs there). */
static void check_hand_over(const char *root)
{
	char exe[2048], *out = NULL, *errout = NULL;
	char *argv[] = {exe, (char *)"--db", (char *)t_path(2, "k.db"), (char *)"status", NULL};
	char *make_db[] = {exe, (char *)"--db", (char *)t_path(2, "k.db"), (char *)"search", (char *)"",
			   NULL};

	snprintf(exe, sizeof exe, "%s/usr/local/bin/vitrina", root);
	t_run(make_db, NULL, NULL);
	CHECK_INT(t_run(argv, &out, &errout), 0);
	CHECK(errout == NULL || strstr(errout, "missing") == NULL);
	free(out);
	free(errout);
}

static void check_installed(const char *root)
{
	static const char *const files[] = {
		"usr/local/bin/vitrina", "usr/local/bin/vitrina-hub",
		"usr/local/libexec/vitrina/vitrina-net", "usr/local/libexec/vitrina/vitrina-voice",
		"usr/local/share/vitrina/sample.json", "usr/local/share/vitrina/kiosk.conf.example",
		"usr/local/share/locale/lt/LC_MESSAGES/vitrina.mo",
		"usr/local/share/locale/ru/LC_MESSAGES/vitrina.mo",
		"usr/local/share/locale/pl/LC_MESSAGES/vitrina.mo",
		"usr/local/share/man/man1/vitrina.1", "usr/local/share/man/man5/kiosk.conf.5",
		"usr/local/share/man/man8/vitrina-hub.8",
		"usr/local/lib/systemd/system/vitrina-kiosk.service",
		"usr/local/lib/systemd/system/vitrina-sync.service", "etc/vitrina/kiosk.conf",
	};
	char path[2048], *unit;
	size_t i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++)
		CHECK(exists(root, files[i]));
	snprintf(path, sizeof path, "%s/usr/local/bin/vitrina", root);
	CHECK(!has_symtab(path));
	CHECK(access(path, X_OK) == 0);
	snprintf(path, sizeof path, "%s/usr/local/lib/systemd/system/vitrina-kiosk.service", root);
	unit = t_read_file(path);
	CHECK(strstr(unit, "ExecStart=/usr/local/bin/vitrina ") != NULL);
	free(unit);
	check_hand_over(root);
}

/* make install into a folder: stripped programs, units pointing at them, man pages, the
 * config made once and then kept; make uninstall takes back all but the config. */
TEST(package_install)
{
	const char *root = t_path(0, "root"), *log = t_path(1, "make.log");
	char conf[2048], *kept;

	if (!CHECK_INT(run_make("install", root, log), 0)) {
		fputs(t_read_file(log), stderr);
		return;
	}
	CHECK(has_symtab(t_bin("vitrina")));    /* the build's own copy keeps its symbols */
	check_installed(root);
	snprintf(conf, sizeof conf, "%s/etc/vitrina/kiosk.conf", root);
	t_write_file(conf, "centre_name = Mano centras\n");
	CHECK_INT(run_make("install", root, log), 0);
	kept = t_read_file(conf);
	CHECK_STR(kept, "centre_name = Mano centras\n");
	free(kept);
	if (!CHECK_INT(run_make("uninstall", root, log), 0))
		fputs(t_read_file(log), stderr);
	files_left = 0;
	nftw(root, count_file, 16, FTW_PHYS);
	CHECK_INT(files_left, 1);       /* the config */
	CHECK(exists(root, "etc/vitrina/kiosk.conf"));
}

/* kiosk/install.sh with args: its exit status, and its stderr in *err. It checks its
 * arguments before it changes anything, so bad ones are safe to try here. */
static int install_sh(const char *arg1, const char *arg2, char **err)
{
	char *argv[] = {(char *)t_tool("sh"), (char *)src("kiosk/install.sh"), (char *)arg1,
			(char *)arg2, NULL};

	*err = NULL;
	return t_run(argv, NULL, err);
}

/* install.sh refuses what it cannot use before it touches the machine. */
TEST(package_install_sh_args)
{
	char *err;

	CHECK_INT(install_sh("--help", NULL, &err), 0);
	free(err);
	CHECK_INT(install_sh("--font", "huge", &err), 2);
	CHECK(strstr(err, "--font must be large, medium or normal") != NULL);
	free(err);
	CHECK_INT(install_sh(t_path(0, "none.deb"), NULL, &err), 2);
	CHECK(strstr(err, "none.deb: no such file") != NULL);
	free(err);
	t_write_file(t_path(0, "bad.deb"), "not a package\n");
	CHECK_INT(install_sh(t_path(0, "bad.deb"), NULL, &err), 2);
	CHECK(strstr(err, "is not the vitrina package") != NULL);
	free(err);
}

/* ---- the Debian packages ---- */

/* The lines of `dpkg-deb ARG deb [member]` (a new string). */
static char *dpkg_deb(const char *arg, const char *deb, const char *member)
{
	char *out = NULL, *err = NULL;
	char *argv[] = {(char *)t_tool("dpkg-deb"), (char *)arg, (char *)deb,
			(char *)member, NULL};

	if (t_run(argv, &out, &err) != 0)
		fprintf(stderr, "  dpkg-deb %s %s: %s", arg, deb, err);
	free(err);
	return out;
}

/* deb's file list has every path of want (NULL-terminated), and none of not. */
static void check_contents(const char *deb, const char *const *want, const char *not)
{
	char *list = dpkg_deb("-c", deb, NULL);

	for (; *want != NULL; want++) {
		char line[300];

		snprintf(line, sizeof line, " ./%s\n", *want);
		if (strstr(list, line) == NULL)
			fprintf(stderr, "  %s lacks %s\n", deb, *want);
		CHECK(strstr(list, line) != NULL);
	}
	CHECK(strstr(list, not) == NULL);
	free(list);
}

/* The folder with the .debs: $VITRINA_DEB_DIR, set by `make check-package` (which .ci/run
 * runs), so `make test` and `make check-asan` do not build the packages twice. */
static const char *deb_dir(void)
{
	const char *dir = getenv("VITRINA_DEB_DIR");

	if (dir == NULL || dir[0] == '\0')
		t_skip("the packages are built and checked by `make check-package`");
	return dir;
}

static void check_lintian(const char *debs[2])
{
	char *out = NULL;
	char *argv[] = {(char *)t_tool("lintian"), (char *)"--no-cfg", (char *)debs[0],
			(char *)debs[1], NULL};
	int rc = t_run(argv, &out, NULL);

	if (rc != 0 || strstr(out, "E: ") != NULL)
		fputs(out, stderr);
	CHECK_INT(rc, 0);
	CHECK(strncmp(out, "E: ", 3) != 0 && strstr(out, "\nE: ") == NULL);
	free(out);
}

/* The kiosk's program looks for its translations and sample under /usr, not /usr/local. */
static void check_paths_baked(const char *deb)
{
	const char *x = t_path(3, "x");
	char *out = NULL, *bin;
	char *argv[] = {(char *)t_tool("dpkg-deb"), (char *)"-x", (char *)deb, (char *)x,
			NULL};
	size_t len;

	CHECK_INT(t_run(argv, &out, NULL), 0);
	free(out);
	bin = NULL;
	if (!CHECK(read_file(t_path(4, "x/usr/bin/vitrina"), 64 << 20, &bin, &len, NULL) == 0))
		return;
	CHECK(memmem(bin, len, "/usr/share/locale", 17) != NULL);
	CHECK(memmem(bin, len, "/usr/share/vitrina", 18) != NULL);
	CHECK(memmem(bin, len, "/usr/local/share", 16) == NULL);
	free(bin);
}

TEST(package_deb)
{
	static const char *const kiosk[] = {
		"usr/bin/vitrina", "lib/systemd/system/vitrina-kiosk.service",
		"usr/libexec/vitrina/vitrina-net", "usr/libexec/vitrina/vitrina-voice",
		"lib/systemd/system/vitrina-sync.service", "usr/share/man/man1/vitrina.1.gz",
		"usr/share/man/man5/kiosk.conf.5.gz", "usr/share/vitrina/sample.json",
		"usr/share/locale/lt/LC_MESSAGES/vitrina.mo",
		"usr/share/locale/ru/LC_MESSAGES/vitrina.mo",
		"usr/share/locale/pl/LC_MESSAGES/vitrina.mo", "etc/vitrina/kiosk.conf",
		"usr/share/vitrina/kiosk.conf.example", "usr/share/vitrina/vitrina-logind.conf",
		NULL};
	static const char *const hub[] = {
		"usr/bin/vitrina-hub", "lib/systemd/system/vitrina-hub.service",
		"lib/systemd/system/vitrina-hub-purge.service",
		"lib/systemd/system/vitrina-hub-purge.timer",
		"lib/systemd/system/vitrina-hub-backup.service",
		"lib/systemd/system/vitrina-hub-backup.timer", "usr/share/man/man8/vitrina-hub.8.gz",
		NULL};
	char *arch = NULL, *conffiles, deb[2][1300];
	char *argv[] = {(char *)t_tool("dpkg"), (char *)"--print-architecture", NULL};
	const char *dir, *debs[2] = {deb[0], deb[1]};

	if (t_tool("dpkg-buildpackage") == NULL || t_tool("dh") == NULL ||
	    t_tool("lintian") == NULL || argv[0] == NULL)
		t_skip("dpkg-buildpackage, dh or lintian is missing "
		       "(apt-get install dpkg-dev debhelper lintian)");
	CHECK_INT(t_run(argv, &arch, NULL), 0);
	arch[strcspn(arch, "\n")] = '\0';
	dir = deb_dir();
	snprintf(deb[0], sizeof deb[0], "%s/vitrina_%s_%s.deb", dir, VERSION, arch);
	snprintf(deb[1], sizeof deb[1], "%s/vitrina-hub_%s_%s.deb", dir, VERSION, arch);
	free(arch);
	check_contents(deb[0], kiosk, "vitrina-hub\n");
	check_contents(deb[1], hub, "bin/vitrina\n");
	conffiles = dpkg_deb("-I", deb[0], "conffiles");
	CHECK_STR(conffiles, "/etc/vitrina/kiosk.conf\n");
	free(conffiles);
	check_paths_baked(deb[0]);
	check_lintian(debs);
	CHECK_INT(install_sh(deb[1], NULL, &arch), 2);  /* the hub's package on a kiosk */
	CHECK(strstr(arch, "is not the vitrina package") != NULL);
	free(arch);
}
