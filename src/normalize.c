/*
 * normalize.c — the gate's normaliser and matcher core (SPEC §4). Turns the
 * text of a metric proposal into comparable words however it is spelled
 * (look-alike letters, full-width forms, zero-width characters, camelCase,
 * leetspeak, plurals) and matches them against the vocabulary through a
 * lookup callback. No backend calls: test/fuzz/ links this file alone.
 */
#include "normalize.h"

#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

/* Inputs beyond this many bytes are not read (the metric table caps its
 * columns far below it; classify_metric() must stay bounded). */
#define AV_NZ_MAXINPUT (4 * 1024 * 1024)
/* Compound words longer than this are not split into pieces. */
#define AV_NZ_MAXSPLIT 48
#define AV_NZ_MAXPIECE 20

enum
{
	C_SEP, C_LOWER, C_UPPER, C_DIGIT, C_OTHER, C_SYM, C_IGNORE
};

typedef struct Cell
{
	char		ch;
	unsigned char cls;
} Cell;

/* ICU singletons: process-lifetime, created on first use. */
static const UNormalizer2 *nfkc = NULL;
static const UNormalizer2 *nfd = NULL;
static USpoofChecker *spoof = NULL;
static bool icu_ready = false;
static bool icu_failed = false;

/* TR39 skeletons of A-Z (0..25) and a-z (26..51), at most 3 UChars each. */
static UChar ascii_skel[52][4];
static int	ascii_skel_len[52];

/* Folding of BMP letters outside ASCII: 0 = not computed, 1 = no Latin
 * look-alike, else the lower-case ASCII letter. A process-lifetime table
 * (64 kB): a mapping never changes and the computation costs an ICU call. */
static unsigned char bmp_map[0x10000];

static void *
nz_alloc(const AvNzAlloc *al, size_t n)
{
	return al->alloc(n, al->arg);
}

/* Skeleton of one code point with combining marks dropped; returns length. */
static int
skeleton_of(UChar32 c, UChar *out, int cap)
{
	UChar		src[2];
	UChar		buf[16];
	int32_t		n = 0;
	int32_t		m;
	int32_t		i = 0;
	int			k = 0;
	UErrorCode	err = U_ZERO_ERROR;

	if (spoof == NULL)
		return 0;
	U16_APPEND_UNSAFE(src, n, c);
	m = uspoof_getSkeleton(spoof, 0, src, n, buf, 16, &err);
	if (U_FAILURE(err))
		return 0;
	while (i < m)
	{
		UChar32		d;

		U16_NEXT(buf, i, m, d);
		if (u_charType(d) == U_NON_SPACING_MARK || u_charType(d) == U_ENCLOSING_MARK)
			continue;
		if (k + 2 > cap)
			return 0;
		U16_APPEND_UNSAFE(out, k, d);
	}
	return k;
}

static bool
icu_init(void)
{
	UErrorCode	err = U_ZERO_ERROR;
	int			i;

	if (icu_ready)
		return true;
	if (icu_failed)
		return false;
	nfkc = unorm2_getNFKCInstance(&err);
	if (U_SUCCESS(err))
		nfd = unorm2_getNFDInstance(&err);
	if (U_FAILURE(err))
	{
		icu_failed = true;
		return false;
	}
	err = U_ZERO_ERROR;
	spoof = uspoof_open(&err);
	if (U_FAILURE(err))
		spoof = NULL;			/* fold without skeletons rather than fail */
	for (i = 0; i < 52; i++)
	{
		UChar32		c = i < 26 ? 'A' + i : 'a' + (i - 26);

		ascii_skel_len[i] = skeleton_of(c, ascii_skel[i], 4);
	}
	icu_ready = true;
	return true;
}

/* The ASCII letter whose skeleton equals sk, preferring upper or lower case. */
static char
ascii_for_skeleton(const UChar *sk, int n, bool upper)
{
	int			pass;

	if (n <= 0)
		return 0;
	for (pass = 0; pass < 2; pass++)
	{
		int			base = ((pass == 0) == upper) ? 0 : 26;
		int			i;

		for (i = base; i < base + 26; i++)
			if (ascii_skel_len[i] == n && memcmp(ascii_skel[i], sk, n * sizeof(UChar)) == 0)
				return 'a' + (i % 26);
	}
	return 0;
}

static char
fold_letter_uncached(UChar32 c)
{
	UChar		buf[8];
	int32_t		n;
	UErrorCode	err = U_ZERO_ERROR;
	UChar32		alt[3];
	int			a;

	/* A Latin letter with diacritics: its base letter. */
	n = unorm2_getDecomposition(nfd, c, buf, 8, &err);
	if (U_SUCCESS(err) && n > 0)
	{
		UChar32		base;
		int32_t		i = 0;

		U16_NEXT(buf, i, n, base);
		if (base < 0x80 && ((base >= 'a' && base <= 'z') || (base >= 'A' && base <= 'Z')))
			return (char) (base | 0x20);
	}
	/* A look-alike: compare TR39 skeletons with those of A-Z / a-z, then
	 * those of the other case of c (Cyrillic small ka looks like nothing
	 * Latin, its capital like K). */
	alt[0] = c;
	alt[1] = u_toupper(c);
	alt[2] = u_tolower(c);
	for (a = 0; a < 3; a++)
	{
		UChar		sk[8];
		int			k;
		char		r;

		if (a > 0 && alt[a] == c)
			continue;
		if (alt[a] < 0x80)
		{
			if ((alt[a] >= 'a' && alt[a] <= 'z') || (alt[a] >= 'A' && alt[a] <= 'Z'))
				return (char) (alt[a] | 0x20);
			continue;
		}
		k = skeleton_of(alt[a], sk, 8);
		r = ascii_for_skeleton(sk, k, u_isUUppercase(alt[a]));
		if (r)
			return r;
	}
	return 0;
}

static char
fold_letter(UChar32 c)
{
	char		r;

	if (c < 0x10000)
	{
		if (bmp_map[c] == 0)
		{
			r = fold_letter_uncached(c);
			bmp_map[c] = r ? (unsigned char) r : 1;
		}
		return bmp_map[c] == 1 ? 0 : (char) bmp_map[c];
	}
	return fold_letter_uncached(c);
}

static void
classify_cp(UChar32 c, Cell *cell)
{
	int8_t		t;

	cell->ch = 0;
	if (c < 0x80)
	{
		if (c >= 'a' && c <= 'z')
		{
			cell->ch = (char) c;
			cell->cls = C_LOWER;
		}
		else if (c >= 'A' && c <= 'Z')
		{
			cell->ch = (char) (c | 0x20);
			cell->cls = C_UPPER;
		}
		else if (c >= '0' && c <= '9')
		{
			cell->ch = (char) c;
			cell->cls = C_DIGIT;
		}
		else if (c == '@' || c == '$')
		{
			cell->ch = (char) c;
			cell->cls = C_SYM;
		}
		else if (c == '\'')
			cell->cls = C_IGNORE;	/* don't -> dont */
		else
			cell->cls = C_SEP;
		return;
	}
	t = u_charType(c);
	if (t == U_FORMAT_CHAR || t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK ||
		t == U_COMBINING_SPACING_MARK || c == 0x2019 ||
		u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
	{
		cell->cls = C_IGNORE;
		return;
	}
	if (t == U_DECIMAL_DIGIT_NUMBER)
	{
		int32_t		v = u_charDigitValue(c);

		if (v >= 0 && v <= 9)
		{
			cell->ch = (char) ('0' + v);
			cell->cls = C_DIGIT;
			return;
		}
	}
	if (u_isalpha(c))
	{
		char		r = fold_letter(c);

		if (r)
		{
			cell->ch = r;
			cell->cls = u_isUUppercase(c) ? C_UPPER : C_LOWER;
		}
		else
		{
			cell->ch = '~';
			cell->cls = C_OTHER;
		}
		return;
	}
	cell->cls = C_SEP;
}

static bool
is_letter_cls(int cls)
{
	return cls == C_LOWER || cls == C_UPPER || cls == C_OTHER;
}

void
av_nz_stem(char *w)
{
	size_t		n = strlen(w);

	if (n <= 3)
		return;
	if (n > 4 && strcmp(w + n - 3, "ies") == 0)
	{
		w[n - 3] = 'y';
		w[n - 2] = '\0';
		return;
	}
	if (strcmp(w + n - 4, "sses") == 0 || strcmp(w + n - 4, "ches") == 0 ||
		strcmp(w + n - 4, "shes") == 0 || strcmp(w + n - 3, "xes") == 0)
	{
		w[n - 2] = '\0';
		return;
	}
	if (w[n - 1] != 's')
		return;
	if (w[n - 2] == 's' || w[n - 2] == 'u' || w[n - 2] == 'i')
		return;
	w[n - 1] = '\0';
}

static char
leet_letter(char d, bool one_as_l)
{
	switch (d)
	{
		case '0':
			return 'o';
		case '1':
			return one_as_l ? 'l' : 'i';
		case '3':
			return 'e';
		case '4':
			return 'a';
		case '5':
			return 's';
		case '6':
			return 'g';
		case '7':
			return 't';
		case '8':
			return 'b';
		case '9':
			return 'g';
		default:
			return d;
	}
}

static void
push_word(AvWordList *out, const AvNzAlloc *al, const Cell *cells, int from, int to)
{
	AvWord	   *w;
	int			len = to - from;
	bool		has_letter = false;
	bool		has_digit = false;
	bool		has_one = false;
	int			f;
	int			i;

	if (len <= 0)
		return;
	if (len > AV_NZ_MAXWORD - 1)
		len = AV_NZ_MAXWORD - 1;
	for (i = 0; i < len; i++)
	{
		int			cls = cells[from + i].cls;

		has_letter |= is_letter_cls(cls);
		has_digit |= (cls == C_DIGIT);
		has_one |= (cells[from + i].ch == '1');
	}
	if (out->n == out->cap)
	{
		int			ncap = out->cap ? out->cap * 2 : 16;
		AvWord	   *nw = nz_alloc(al, sizeof(AvWord) * ncap);

		if (out->n)
			memcpy(nw, out->w, sizeof(AvWord) * out->n);
		out->w = nw;
		out->cap = ncap;
	}
	w = &out->w[out->n++];
	w->nforms = (has_letter && has_digit) ? (has_one ? 3 : 2) : 1;
	for (f = 0; f < w->nforms; f++)
	{
		char	   *s = nz_alloc(al, len + 1);

		for (i = 0; i < len; i++)
		{
			char		ch = cells[from + i].ch;

			s[i] = (f > 0 && cells[from + i].cls == C_DIGIT) ? leet_letter(ch, f == 2) : ch;
		}
		s[len] = '\0';
		av_nz_stem(s);
		w->forms[f] = s;
	}
}

/* UTF-8 -> NFKC UTF-16; returns NULL on ICU failure. */
static UChar *
to_nfkc(const char *utf8, size_t len, const AvNzAlloc *al, int32_t *outlen)
{
	UErrorCode	err = U_ZERO_ERROR;
	int32_t		n16 = 0;
	UChar	   *u16;
	UChar	   *norm;
	int32_t		cap;
	int32_t		m;

	if (len > AV_NZ_MAXINPUT)
		len = AV_NZ_MAXINPUT;
	u16 = nz_alloc(al, sizeof(UChar) * (len + 1));
	u_strFromUTF8WithSub(u16, (int32_t) len + 1, &n16, utf8, (int32_t) len, 0xFFFD, NULL, &err);
	if (U_FAILURE(err))
		return NULL;
	cap = n16 * 3 + 16;
	norm = nz_alloc(al, sizeof(UChar) * cap);
	m = unorm2_normalize(nfkc, u16, n16, norm, cap, &err);
	if (err == U_BUFFER_OVERFLOW_ERROR)
	{
		err = U_ZERO_ERROR;
		cap = m + 1;
		norm = nz_alloc(al, sizeof(UChar) * cap);
		m = unorm2_normalize(nfkc, u16, n16, norm, cap, &err);
	}
	if (U_FAILURE(err))
		return NULL;
	*outlen = m;
	return norm;
}

bool
av_nz_words(const char *utf8, size_t len, const AvNzAlloc *al, AvWordList *out)
{
	UChar	   *u;
	int32_t		n = 0;
	int32_t		i = 0;
	Cell	   *cells;
	int			nc = 0;
	int			k;
	int			start;

	out->n = 0;
	out->cap = 0;
	out->w = NULL;
	if (utf8 == NULL || len == 0)
		return true;
	if (!icu_init())
		return false;
	u = to_nfkc(utf8, len, al, &n);
	if (u == NULL)
		return false;

	cells = nz_alloc(al, sizeof(Cell) * (n + 1));
	while (i < n)
	{
		UChar32		c;

		U16_NEXT(u, i, n, c);
		classify_cp(c, &cells[nc]);
		if (cells[nc].cls != C_IGNORE)
			nc++;
	}

	/* '@' between letters reads 'a', '$' after a letter reads 's'. */
	for (k = 0; k < nc; k++)
	{
		if (cells[k].cls != C_SYM)
			continue;
		if (cells[k].ch == '@' && k > 0 && k + 1 < nc &&
			is_letter_cls(cells[k - 1].cls) && is_letter_cls(cells[k + 1].cls))
		{
			cells[k].ch = 'a';
			cells[k].cls = C_LOWER;
		}
		else if (cells[k].ch == '$' && k > 0 && is_letter_cls(cells[k - 1].cls))
		{
			cells[k].ch = 's';
			cells[k].cls = C_LOWER;
		}
		else
			cells[k].cls = C_SEP;
	}

	start = -1;
	for (k = 0; k <= nc; k++)
	{
		int			cls = (k < nc) ? cells[k].cls : C_SEP;
		bool		split = false;

		if (cls == C_SEP)
		{
			if (start >= 0)
				push_word(out, al, cells, start, k);
			start = -1;
			continue;
		}
		if (start < 0)
		{
			start = k;
			continue;
		}
		{
			int			prev = cells[k - 1].cls;
			int			next = (k + 1 < nc) ? cells[k + 1].cls : C_SEP;

			if ((prev == C_OTHER) != (cls == C_OTHER) && prev != C_DIGIT && cls != C_DIGIT)
				split = true;	/* a script without Latin look-alikes */
			else if (cls == C_UPPER && prev == C_LOWER)
				split = true;	/* tokenCount */
			else if (cls == C_UPPER && prev == C_UPPER && next == C_LOWER)
				split = true;	/* APICalls */
			else if (cls == C_UPPER && prev == C_DIGIT)
			{
				int			j = k - 1;

				while (j > start && cells[j].cls == C_DIGIT)
					j--;
				if (next == C_LOWER || cells[j].cls == C_LOWER)
					split = true;	/* top10Users, GPT4Usage */
			}
		}
		if (split)
		{
			push_word(out, al, cells, start, k);
			start = k;
		}
	}
	return true;
}

/* ---- matching ---- */

static void
add_hit(AvHits *hits, const AvNzAlloc *al, int id, int cat, int field, int pos, int nwords)
{
	int			i;

	for (i = 0; i < hits->n; i++)
		if (hits->h[i].term_id == id && hits->h[i].field == field && hits->h[i].pos == pos)
			return;
	if (hits->n == hits->cap)
	{
		int			ncap = hits->cap ? hits->cap * 2 : 8;
		AvHit	   *nh = nz_alloc(al, sizeof(AvHit) * ncap);

		if (hits->n)
			memcpy(nh, hits->h, sizeof(AvHit) * hits->n);
		hits->h = nh;
		hits->cap = ncap;
	}
	hits->h[hits->n].term_id = id;
	hits->h[hits->n].category = cat;
	hits->h[hits->n].field = field;
	hits->h[hits->n].pos = pos;
	hits->h[hits->n].nwords = nwords;
	hits->h[hits->n].covered = false;
	hits->h[hits->n].joined = false;
	hits->n++;
}

/*
 * Runs of three or more one-character words ("t.o.k.e.n.s", "T O K E N S")
 * become one word, with leetspeak readings as for any other word.
 */
static void
join_letter_runs(const AvWordList *in, const AvNzAlloc *al, AvWordList *out)
{
	int			i = 0;

	out->n = 0;
	out->cap = in->n + 1;
	out->w = nz_alloc(al, sizeof(AvWord) * out->cap);
	while (i < in->n)
	{
		int			j = i;

		while (j < in->n && in->w[j].nforms == 1 && strlen(in->w[j].forms[0]) == 1)
			j++;
		if (j - i >= 3)
		{
			int			len = j - i;
			bool		has_letter = false;
			bool		has_digit = false;
			bool		has_one = false;
			AvWord	   *w = &out->w[out->n++];
			int			f;
			int			k;

			if (len > AV_NZ_MAXWORD - 1)
				len = AV_NZ_MAXWORD - 1;
			for (k = 0; k < len; k++)
			{
				char		ch = in->w[i + k].forms[0][0];

				has_digit |= (ch >= '0' && ch <= '9');
				has_letter |= !(ch >= '0' && ch <= '9');
				has_one |= (ch == '1');
			}
			w->nforms = (has_letter && has_digit) ? (has_one ? 3 : 2) : 1;
			for (f = 0; f < w->nforms; f++)
			{
				char	   *s = nz_alloc(al, len + 1);

				for (k = 0; k < len; k++)
				{
					char		ch = in->w[i + k].forms[0][0];

					s[k] = (f > 0 && ch >= '0' && ch <= '9') ? leet_letter(ch, f == 2) : ch;
				}
				s[len] = '\0';
				av_nz_stem(s);
				w->forms[f] = s;
			}
			i = j;
			continue;
		}
		/* not a run: copy words i .. j (the run too short, plus the next) */
		if (j == i)
			j = i + 1;
		while (i < j)
			out->w[out->n++] = in->w[i++];
	}
}

/*
 * Split s into the fewest known pieces (2..AV_NZ_MAXPIECE bytes each, looked
 * up stemmed). Only starts from positions already reached, so a word with
 * no known prefix costs at most AV_NZ_MAXPIECE lookups. Every piece must be
 * known (a term or a PIECE word), so "promptly" stays one word. Returns the number
 * of pieces written to cut[] (piece i is s[cut[i]..cut[i+1])), or 0.
 */
static int
segment(const char *s, av_nz_lookup_fn lookup, void *ctx, int *cut, bool *has_term)
{
	int			n = (int) strlen(s);
	int			best[AV_NZ_MAXSPLIT + 1];
	int			back[AV_NZ_MAXSPLIT + 1];
	bool		term[AV_NZ_MAXSPLIT + 1];
	int			i;
	int			np;
	int			j;

	if (n < 5 || n > AV_NZ_MAXSPLIT)
		return 0;
	for (i = 0; i <= n; i++)
	{
		best[i] = -1;
		back[i] = 0;
		term[i] = false;
	}
	best[0] = 0;
	for (i = 0; i < n; i++)
	{
		int			len;

		if (best[i] < 0)
			continue;
		for (len = 2; len <= AV_NZ_MAXPIECE && i + len <= n; len++)
		{
			char		piece[AV_NZ_MAXPIECE + 1];
			int			cat;

			memcpy(piece, s + i, len);
			piece[len] = '\0';
			av_nz_stem(piece);
			if (lookup(ctx, piece, &cat) < 0)
				continue;
			if (best[i + len] < 0 || best[i] + 1 < best[i + len])
			{
				best[i + len] = best[i] + 1;
				back[i + len] = i;
				term[i + len] = term[i] || cat != AV_CAT_PIECE;
			}
		}
	}
	if (best[n] < 2)
		return 0;
	np = best[n];
	j = n;
	for (i = np; i >= 0; i--)
	{
		cut[i] = j;
		if (i > 0)
			j = back[j];
	}
	*has_term = term[n];
	return np;
}

void
av_nz_match(const AvWordList *words, int field, av_nz_lookup_fn lookup, void *ctx,
			const AvNzAlloc *al, AvHits *hits)
{
	AvWordList	ex;
	AvWordList	joined;
	int			i;
	int			f;
	int			g;
	int			cat;

	join_letter_runs(words, al, &joined);
	words = &joined;
	ex.n = 0;
	ex.cap = words->n + 8;
	ex.w = nz_alloc(al, sizeof(AvWord) * ex.cap);

	/* Expand compound words ("tokencount") into their pieces. */
	for (i = 0; i < words->n; i++)
	{
		const AvWord *w = &words->w[i];
		bool		known = false;
		int			cut[AV_NZ_MAXSPLIT + 2];
		int			np = 0;

		for (f = 0; f < w->nforms && !known; f++)
			known = lookup(ctx, w->forms[f], &cat) >= 0;
		for (f = 0; f < w->nforms && !known && np == 0; f++)
		{
			bool		has_term = false;

			np = segment(w->forms[f], lookup, ctx, cut, &has_term);
			if (np > 0)
			{
				int			p;

				if (ex.n + np > ex.cap)
				{
					int			ncap = (ex.n + np) * 2;
					AvWord	   *nw = nz_alloc(al, sizeof(AvWord) * ncap);

					memcpy(nw, ex.w, sizeof(AvWord) * ex.n);
					ex.w = nw;
					ex.cap = ncap;
				}
				for (p = 0; p < np; p++)
				{
					int			len = cut[p + 1] - cut[p];
					char	   *s = nz_alloc(al, len + 1);

					memcpy(s, w->forms[f] + cut[p], len);
					s[len] = '\0';
					av_nz_stem(s);
					ex.w[ex.n].nforms = 1;
					ex.w[ex.n].forms[0] = s;
					ex.n++;
				}
			}
		}
		if (np == 0)
		{
			if (ex.n + 1 > ex.cap)
			{
				int			ncap = (ex.n + 1) * 2;
				AvWord	   *nw = nz_alloc(al, sizeof(AvWord) * ncap);

				memcpy(nw, ex.w, sizeof(AvWord) * ex.n);
				ex.w = nw;
				ex.cap = ncap;
			}
			ex.w[ex.n++] = *w;
		}
	}

	for (i = 0; i < ex.n; i++)
	{
		for (f = 0; f < ex.w[i].nforms; f++)
		{
			int			id = lookup(ctx, ex.w[i].forms[f], &cat);

			if (id >= 0 && cat != AV_CAT_PIECE)
				add_hit(hits, al, id, cat, field, i, 1);
		}
		if (i + 1 >= ex.n)
			continue;
		for (f = 0; f < ex.w[i].nforms; f++)
			for (g = 0; g < ex.w[i + 1].nforms; g++)
			{
				char		key[AV_NZ_MAXWORD * 2 + 2];
				size_t		a = strlen(ex.w[i].forms[f]);
				size_t		b = strlen(ex.w[i + 1].forms[g]);
				int			id;

				if (a + b + 2 > sizeof(key))
					continue;
				memcpy(key, ex.w[i].forms[f], a);
				key[a] = ' ';
				memcpy(key + a + 1, ex.w[i + 1].forms[g], b + 1);
				id = lookup(ctx, key, &cat);
				if (id >= 0 && cat != AV_CAT_PIECE)
					add_hit(hits, al, id, cat, field, i, 2);
				/* the two words joined: a single term cut apart */
				if (a + b + 1 > AV_NZ_MAXWORD)
					continue;
				memmove(key + a, key + a + 1, b + 1);
				av_nz_stem(key);
				id = lookup(ctx, key, &cat);
				if (id >= 0 && (cat == AV_CAT_ACTIVITY || cat == AV_CAT_RANK || cat == AV_CAT_COST))
				{
					int			n0 = hits->n;

					add_hit(hits, al, id, cat, field, i, 2);
					if (hits->n > n0)
						hits->h[hits->n - 1].joined = true;
				}
			}
	}
}

void
av_nz_cover(AvHits *hits)
{
	int			i;
	int			j;

	for (i = 0; i < hits->n; i++)
	{
		AvHit	   *h = &hits->h[i];

		if (h->category == AV_CAT_VALUE)
			continue;
		for (j = 0; j < hits->n && !h->covered; j++)
		{
			AvHit	   *v = &hits->h[j];

			if (v->category != AV_CAT_VALUE || v->field != h->field)
				continue;
			if ((h->nwords == 2 && !h->joined) ||
				(v->pos < h->pos + h->nwords && h->pos < v->pos + v->nwords))
				h->covered = true;
		}
	}
}

static const char *const placeholders[] = {
	"tbd", "tba", "tbc", "na", "none", "todo", "unknown", "null", "nil", "pending",
	"placeholder", "xxx", "xx", "x", "wip", "later", "tobedefined", "tobedetermined",
	"tobeconfirmed", "notapplicable", "notavailable", "notdefined", "undefined",
	"empty", "blank", "missing", "fixme", "idk", "asdf", "test", "foo", "etc",
	"nothing", "notset", "unset", "same", "seeabove", "lorem", "loremipsum", "dummy",
	NULL
};

bool
av_nz_is_placeholder(const char *utf8, size_t len, const AvNzAlloc *al)
{
	AvWordList	wl;
	char		joined[32];
	size_t		jl = 0;
	int			i;

	if (!av_nz_words(utf8, len, al, &wl))
		return false;
	if (wl.n == 0)
		return true;
	for (i = 0; i < wl.n; i++)
	{
		size_t		l = strlen(wl.w[i].forms[0]);

		if (jl + l >= sizeof(joined))
			return false;		/* long text is not a placeholder */
		memcpy(joined + jl, wl.w[i].forms[0], l);
		jl += l;
	}
	joined[jl] = '\0';
	for (i = 0; placeholders[i] != NULL; i++)
		if (strcmp(joined, placeholders[i]) == 0)
			return true;
	return false;
}
