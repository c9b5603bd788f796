/*
 * x86_64/bootfs.c - the boot archive: a cpio "newc" archive handed over
 * as the PVH module (qemu -initrd), read in place through the physmap.
 *
 * Each member is a 110-byte ASCII header ("070701" and 13 fields of 8
 * hex digits), the name (NUL-terminated, padded with the header to 4
 * bytes), and the data (padded to 4 bytes).  "TRAILER!!!" ends it.
 */
#include <x86_64/machine.h>
#include <x86_64/md_x86.h>

#define CPIO_HDR 110
#define CPIO_FILESIZE 6  /* field index */
#define CPIO_NAMESIZE 11 /* field index */

static uint64_t
cpio_field(const char *hdr, int idx)
{
	const char *p = hdr + 6 + 8 * idx;
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint64_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint64_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint64_t)(c - 'A' + 10);
	}
	return v;
}

/* Compare paths ignoring a leading "/" or "./" on either side. */
static bool
cpio_name_eq(const char *a, const char *b)
{
	while (*a == '/' || (a[0] == '.' && a[1] == '/'))
		a += (*a == '/') ? 1 : 2;
	while (*b == '/' || (b[0] == '.' && b[1] == '/'))
		b += (*b == '/') ? 1 : 2;
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static bool
cpio_magic_ok(const char *p)
{
	return p[0] == '0' && p[1] == '7' && p[2] == '0' && p[3] == '7' &&
	    p[4] == '0' && p[5] == '1';
}

static bool cpio_find(const char *path, const void **data, size_t *size);

/*
 * Routine:	md_bootfile_lookup
 * Purpose:	Find a file of the boot archive by path; a bare name (no
 *		"/") is also looked for in /sbin and /bin, as a shell's PATH
 *		would (programs spawn themselves by argv[0]).
 * Conditions:	Any, after boot.  The data stays valid forever.
 * Returns:	true with *data and *size set, false if there is no archive
 *		or no such file (or the archive is malformed).
 */
bool
md_bootfile_lookup(const char *path, const void **data, size_t *size)
{
	static const char *const dirs[] = {"sbin/", "bin/"};
	char buf[128];
	size_t i, n, d;

	if (cpio_find(path, data, size))
		return true;
	for (i = 0; path[i] != '\0'; i++) {
		if (path[i] == '/')
			return false;
	}
	for (d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		for (n = 0; dirs[d][n] != '\0'; n++)
			buf[n] = dirs[d][n];
		for (i = 0; path[i] != '\0' && n + 1 < sizeof(buf); i++)
			buf[n++] = path[i];
		buf[n] = '\0';
		if (cpio_find(buf, data, size))
			return true;
	}
	return false;
}

/* Find a member by its exact (normalized) path. */
static bool
cpio_find(const char *path, const void **data, size_t *size)
{
	const char *base = PHYS_TO_VIRT(x86_initrd_phys);
	uint64_t off = 0, namesz, filesz, dataoff;

	if (x86_initrd_size == 0)
		return false;
	while (off + CPIO_HDR <= x86_initrd_size) {
		const char *h = base + off;

		if (!cpio_magic_ok(h))
			return false;
		namesz = cpio_field(h, CPIO_NAMESIZE);
		filesz = cpio_field(h, CPIO_FILESIZE);
		dataoff = (off + CPIO_HDR + namesz + 3) & ~3UL;
		if (dataoff + filesz > x86_initrd_size || namesz == 0)
			return false;
		if (cpio_name_eq(h + CPIO_HDR, "TRAILER!!!"))
			return false;
		if (cpio_name_eq(h + CPIO_HDR, path)) {
			*data = base + dataoff;
			*size = filesz;
			return true;
		}
		off = (dataoff + filesz + 3) & ~3UL;
	}
	return false;
}
