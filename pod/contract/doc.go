// Package contract holds tests to the official Symphony specifications (spec/ at the root of the
// repository, or $SYMTUI_SPEC_DIR): every request and response a test sends through it is
// validated, and a mismatch fails the test. Production code never imports it.
//
// Three ways in, from the least to the most intrusive:
//
//	v := contract.RequireSpec(t) // fails the test when the specifications are absent
//
//	// 1. A client whose HTTP transport can be set:
//	client := &http.Client{Transport: contract.NewTransport(t, v, nil)}
//
//	// 2. A client that only takes a base URL (a BDK config): a validating reverse proxy.
//	base := contract.NewProxy(t, v, emu.URL, nil)
//
//	// 3. A server under test: wrap its handler.
//	srv := httptest.NewServer(contract.Middleware(t, v, handler))
//
// Besides the schemas, the checks are stricter than kin-openapi's defaults in three ways: an
// object rejects properties it does not declare (see closeObjects), a request rejects query
// parameters and bodies the operation does not declare, and a response status must be declared
// (429 and gateway 5xx excepted, see undeclaredStatuses, and a few named in undeclaredOn). Paths under /_emulator/ are skipped.
//
// Exercised operations are recorded per process; LogExercised prints them, and SaveReport,
// called from TestMain, leaves one list per package in $SYMTUI_CONTRACT_REPORT_DIR.
package contract
