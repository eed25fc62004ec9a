// Package viewtest is what the tests of the console's tabs share: a
// harness over a real emulator on loopback, drivers that run a view's
// commands as the root would, the console in teatest, golden files, and
// the hostile corpus every screen must draw inert.
package viewtest
