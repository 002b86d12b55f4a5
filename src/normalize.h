/*
 * normalize.h — the gate's text normaliser and term matcher (SPEC §4), free
 * of backend calls so that the libFuzzer harness under test/fuzz/ links it
 * alone. The backend side (dictionary, SQL, triggers) is src/gate.c.
 *
 * Memory: the core never frees; it takes every byte from the caller's
 * allocator (palloc in a short-lived context in the backend, an arena in the
 * fuzz harness), so an error cannot leak.
 */
#ifndef AV_NORMALIZE_H
#define AV_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>

/* Longest word (bytes) looked up; longer words are never vocabulary. */
#define AV_NZ_MAXWORD 64

/* Categories of activity_terms, plus PIECE: a word known only as a part of
 * compound words ("tokencount"), never a hit by itself. */
typedef enum AvCategory
{
	AV_CAT_ACTIVITY = 0,
	AV_CAT_COST = 1,
	AV_CAT_RANK = 2,
	AV_CAT_VALUE = 3,
	AV_CAT_PIECE = 4
} AvCategory;

typedef struct AvNzAlloc
{
	void	   *(*alloc) (size_t size, void *arg);	/* never returns NULL */
	void	   *arg;
} AvNzAlloc;

/*
 * One normalised word: lower-case ASCII letters and digits ('~' stands for a
 * letter with no Latin look-alike). forms[0] is the word as written; forms[1]
 * and forms[2] are leetspeak readings (digits read as letters, '1' as 'i'
 * and as 'l') when the word mixes letters and digits. All forms are stemmed.
 */
typedef struct AvWord
{
	int			nforms;
	char	   *forms[3];
} AvWord;

typedef struct AvWordList
{
	int			n;
	int			cap;
	AvWord	   *w;
} AvWordList;

/*
 * Normalise UTF-8 text into words: NFKC, invisible/format characters
 * dropped, diacritics stripped, confusable letters folded to their Latin
 * look-alike (TR39 skeletons compared with those of A-Z, a-z), case folded,
 * split at separators and camelCase boundaries, leetspeak readings added,
 * plurals stemmed. Invalid UTF-8 is replaced, never an error. Returns false
 * only when ICU fails (out of memory).
 */
extern bool av_nz_words(const char *utf8, size_t len, const AvNzAlloc *al,
						AvWordList *out);

/* Stem a lower-case ASCII word in place (simple plural folding). */
extern void av_nz_stem(char *w);

/* Dictionary lookup: key is a stemmed word or "word word"; returns the term
 * id (>= 0) and its category, or -1. */
typedef int (*av_nz_lookup_fn) (void *ctx, const char *key, int *category);

typedef struct AvHit
{
	int			term_id;
	int			category;
	int			field;
	int			pos;			/* first word */
	int			nwords;			/* 1 or 2 */
	bool		covered;		/* neutralised by a value phrase */
	bool		joined;			/* a single-word term split apart ("tok ens") */
} AvHit;

typedef struct AvHits
{
	int			n;
	int			cap;
	AvHit	   *h;
} AvHits;

/*
 * Match one field's words against the dictionary: single words (every form)
 * and adjacent pairs; a word that is not itself known is split into known
 * pieces when it can be ("tokencount" -> token count); a run of three or more
 * one-character words is read as one word ("t.o.k.e.n.s"), and two adjacent
 * words are also tried joined, for single-word activity, rank and cost terms
 * cut apart ("tok ens", "to\u2022kens"). Appends to hits.
 */
extern void av_nz_match(const AvWordList *words, int field,
						av_nz_lookup_fn lookup, void *ctx,
						const AvNzAlloc *al, AvHits *hits);

/*
 * Mark hits that a value phrase neutralises: a hit is covered by a value hit
 * of the same field that overlaps it; a two-word activity/rank/cost hit is
 * also covered by any value hit of its field ("time saved with AI tools").
 */
extern void av_nz_cover(AvHits *hits);

/* True when the text says nothing: no letters or digits, or a placeholder
 * such as tbd, n/a, todo, "-". */
extern bool av_nz_is_placeholder(const char *utf8, size_t len, const AvNzAlloc *al);

#endif							/* AV_NORMALIZE_H */
