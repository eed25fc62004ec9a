package soak

import (
	"errors"
	"io"
	"net"
	"sync"
	"time"
)

// relay forwards TCP connections from a loopback port to the emulator, and
// can go down as a pod restarting does: its port refuses connections and
// the connections open through it are cut. It comes back on the same port,
// so the client's configuration stays right.
type relay struct {
	target string // host:port of the emulator
	addr   string // host:port the client is configured with

	mu    sync.Mutex
	ln    net.Listener // nil while down
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

func newRelay(target string) (*relay, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r := &relay{target: target, addr: ln.Addr().String(), conns: map[net.Conn]struct{}{}}
	r.start(ln)
	return r, nil
}

func (r *relay) start(ln net.Listener) {
	r.mu.Lock()
	r.ln = ln
	r.mu.Unlock()
	r.wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return // closed: down or done
			}
			r.wg.Go(func() { r.forward(c) })
		}
	})
}

// forward pipes one client connection to the emulator and back until
// either side closes or the relay goes down.
func (r *relay) forward(c net.Conn) {
	up, err := net.Dial("tcp", r.target)
	if err != nil {
		_ = c.Close()
		return
	}
	if !r.track(c, up) {
		return
	}
	done := make(chan struct{}, 2)
	pipe := func(dst, src net.Conn) {
		_, _ = io.Copy(dst, src)
		if tc, ok := dst.(*net.TCPConn); ok {
			_ = tc.CloseWrite() // pass the half-close on
		}
		done <- struct{}{}
	}
	go pipe(up, c)
	go pipe(c, up)
	<-done
	<-done
	r.untrack(c, up)
}

// track registers a pair of connections, closing them at once when the
// relay went down meanwhile.
func (r *relay) track(cs ...net.Conn) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ln == nil {
		for _, c := range cs {
			_ = c.Close()
		}
		return false
	}
	for _, c := range cs {
		r.conns[c] = struct{}{}
	}
	return true
}

func (r *relay) untrack(cs ...net.Conn) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range cs {
		_ = c.Close()
		delete(r.conns, c)
	}
}

// down closes the port (new connections are refused) and cuts every
// connection open through it.
func (r *relay) down() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ln == nil {
		return
	}
	_ = r.ln.Close()
	r.ln = nil
	for c := range r.conns {
		_ = c.Close()
	}
}

// up listens on the same port again. Another process may have taken the
// port meanwhile: it tries for a few seconds before giving up.
func (r *relay) up() error {
	r.mu.Lock()
	running := r.ln != nil
	r.mu.Unlock()
	if running {
		return nil
	}
	var err error
	for try := 0; try < 50; try++ {
		var ln net.Listener
		if ln, err = net.Listen("tcp", r.addr); err == nil {
			r.start(ln)
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return errors.Join(errors.New("the relay could not listen on its port again"), err)
}

// close stops the relay for good and waits for its goroutines.
func (r *relay) close() {
	r.down()
	r.wg.Wait()
}
