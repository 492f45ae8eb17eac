/*
 * check.h - the assertions the shared test cases use.
 *
 * On the host they are cmocka's (the runner registers one cmocka test per
 * design and case); on RV32, where there is no cmocka, they count and report
 * failures themselves.  A case is `void case_x(const own_strategy *s)` and
 * stops at its first failed check either way.
 */
#ifndef OWNLAB_CHECK_H
#define OWNLAB_CHECK_H
#include <stdint.h>
#include <stdio.h>

#ifdef OWN_TEST_CMOCKA
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#define CHECK(c) assert_true(c)
#define CHECK_EQ(a, b) assert_int_equal((a), (b))
#define CHECK_ERR(call, want) check_err_cmocka((call), (want), #call, __FILE__, __LINE__)
void check_err_cmocka(int got, int want, const char *what, const char *file, int line);
#else
extern unsigned check_failures;
void check_report(const char *file, int line, const char *what, unsigned long long got,
                  unsigned long long want);
#define CHECK(c)                                                                          \
    do {                                                                                  \
        if (!(c)) {                                                                       \
            check_report(__FILE__, __LINE__, #c, 0, 1);                                   \
            return;                                                                       \
        }                                                                                 \
    } while (0)
#define CHECK_EQ(a, b)                                                                    \
    do {                                                                                  \
        unsigned long long got_ = (unsigned long long)(a), want_ = (unsigned long long)(b); \
        if (got_ != want_) {                                                              \
            check_report(__FILE__, __LINE__, #a, got_, want_);                            \
            return;                                                                       \
        }                                                                                 \
    } while (0)
#define CHECK_ERR(call, want) CHECK_EQ((call), (want))
#endif
#endif
