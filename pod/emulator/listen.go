package emulator

import (
	"errors"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// ListenError is a failure to listen on Addr, said in one line: the address
// and why, without the socket layer's repetitions.
type ListenError struct {
	Addr string
	Err  error
}

func (e *ListenError) Error() string {
	return "cannot listen on " + e.Addr + ": " + listenReason(e.Err)
}

func (e *ListenError) Unwrap() error { return e.Err }

func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, &ListenError{Addr: addr, Err: err}
	}
	return ln, nil
}

func listenReason(err error) string {
	var dnsErr *net.DNSError
	var addrErr *net.AddrError
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return "the address is already in use (another emulator?); choose another port"
	case errors.Is(err, syscall.EACCES):
		return "permission denied (ports below 1024 need privileges)"
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return "the address is not one of this machine's"
	case errors.As(err, &dnsErr):
		return "unknown host " + strconv.Quote(dnsErr.Name)
	case errors.As(err, &addrErr):
		return addrErr.Err
	}
	// The innermost error: net.OpError repeats the operation and address.
	for {
		inner := errors.Unwrap(err)
		if inner == nil {
			return err.Error()
		}
		err = inner
	}
}

// isLoopback reports whether addr ("host:port") listens on loopback only.
// An empty host listens on every interface.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// dialable is the address a local client dials to reach a listener: an
// unspecified host (every interface) is reached as localhost, which the TLS
// certificate names.
func dialable(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return a.String()
	}
	return net.JoinHostPort("localhost", strconv.Itoa(tcp.Port))
}

// NetworkURLs are the URLs a client on another machine reaches the
// emulator by: for a listener on every interface, this machine's name and
// then its addresses (which the TLS certificate names too); for one on a
// given address, that address; none on loopback.
func (e *Emulator) NetworkURLs() []string {
	scheme, _, _ := strings.Cut(e.URL, "://")
	tcp, ok := e.listener.Addr().(*net.TCPAddr)
	if !ok || tcp.IP.IsLoopback() {
		return nil
	}
	port := strconv.Itoa(tcp.Port)
	if !tcp.IP.IsUnspecified() {
		return []string{scheme + "://" + net.JoinHostPort(tcp.IP.String(), port)}
	}
	var out []string
	for _, h := range networkHosts() {
		// Loopback is not the network; a link-local address needs a zone.
		if ip := net.ParseIP(h); h == "localhost" || (ip != nil && (ip.IsLoopback() || ip.IsLinkLocalUnicast())) {
			continue
		}
		out = append(out, scheme+"://"+net.JoinHostPort(h, port))
	}
	return out
}

// networkHosts are this machine's name and the addresses of its interfaces.
func networkHosts() []string {
	var out []string
	if name, err := os.Hostname(); err == nil && name != "" {
		out = append(out, name)
	}
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok {
				out = append(out, n.IP.String())
			}
		}
	}
	return out
}
