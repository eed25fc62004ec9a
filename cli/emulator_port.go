package cli

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
)

// recordedPort is the "port: N" line an emulator wrote in DIR/config.yaml.
var recordedPort = regexp.MustCompile(`(?m)^port: ([0-9]+)$`)

// reusePort keeps a console or bot configured against an earlier run
// working: with --write-config DIR and a port of 0, the emulator listens
// on the port DIR's config.yaml records when it is free. It returns the
// address to listen on and what to say about the port ("" when there was
// nothing to reuse).
func reusePort(addr, dir string) (string, string) {
	host, port, err := net.SplitHostPort(addr)
	if dir == "" || err != nil || port != "0" {
		return addr, ""
	}
	path := filepath.Join(dir, "config.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		return addr, ""
	}
	m := recordedPort.FindSubmatch(data)
	if m == nil {
		return addr, ""
	}
	n, err := strconv.Atoi(string(m[1]))
	if err != nil || n < 1 || n > 65535 {
		return addr, ""
	}
	want := net.JoinHostPort(host, strconv.Itoa(n))
	ln, err := net.Listen("tcp", want)
	if err != nil {
		return addr, fmt.Sprintf("port %d of %s is taken, so the port changed: %s is rewritten; restart what reads it", n, path, path)
	}
	_ = ln.Close()
	return want, fmt.Sprintf("port %d again, as %s records it", n, path)
}
