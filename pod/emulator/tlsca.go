package emulator

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"time"
)

// tlsMaterial is what a TLS emulator needs: its CA (given or generated),
// the server certificate the CA signs, and the bot's client certificate.
type tlsMaterial struct {
	config        *tls.Config
	caPEM         []byte
	caKeyPEM      []byte
	clientCertPEM []byte
	clientKeyPEM  []byte
}

// caLifetime is long: a CA kept beside the config outlives many restarts,
// and the trust stores that hold it keep working.
const caLifetime = 10 * 365 * 24 * time.Hour

// leafLifetime is how long the certificates issued at each start are valid.
const leafLifetime = 365 * 24 * time.Hour

// newCA creates a CA (ECDSA P-256) and returns its certificate and its
// PKCS#8 key as PEM.
func newCA(now time.Time) (certPEM, keyPEM []byte, err error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("CA key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "symtui emulator CA", Organization: []string{"symtui emulator"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(caLifetime),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, nil, fmt.Errorf("CA certificate: %w", err)
	}
	if keyPEM, err = pkcs8PEM(caKey); err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), keyPEM, nil
}

// parseCA reads a CA certificate and its key and checks they belong together.
func parseCA(certPEM, keyPEM []byte) (*x509.Certificate, crypto.Signer, error) {
	block, _ := pem.Decode(certPEM)
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, nil, errors.New("not a PEM certificate")
	}
	ca, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, nil, errors.New("a damaged certificate")
	}
	if !ca.IsCA {
		return nil, nil, errors.New("the certificate is not a CA")
	}
	key, err := parsePrivateKey(keyPEM)
	if err != nil {
		return nil, nil, err
	}
	pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(ca.PublicKey) {
		return nil, nil, errors.New("the key is not the certificate's")
	}
	return ca, key, nil
}

// newTLSMaterial signs, with the given CA (a new one when caCertPEM is nil),
// a server certificate for loopback (plus extraHost when it is not empty,
// and this machine's names when it is unspecified) and a client certificate
// whose CN is clientCN. Client certificates are verified when given and
// optional otherwise, so RSA and certificate authentication work on the
// same listener.
func newTLSMaterial(now time.Time, extraHost, clientCN string, caCertPEM, caKeyPEM []byte) (*tlsMaterial, error) {
	if caCertPEM == nil {
		var err error
		if caCertPEM, caKeyPEM, err = newCA(now); err != nil {
			return nil, err
		}
	}
	ca, caKey, err := parseCA(caCertPEM, caKeyPEM)
	if err != nil {
		return nil, fmt.Errorf("CA: %w", err)
	}
	notBefore, notAfter := now.Add(-time.Hour), now.Add(leafLifetime)

	serverTmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: "localhost"},
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	addServerNames(serverTmpl, extraHost)
	serverCert, serverKey, err := signLeaf(serverTmpl, ca, caKey)
	if err != nil {
		return nil, err
	}

	clientTmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: clientCN},
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	clientCert, clientKey, err := signLeaf(clientTmpl, ca, caKey)
	if err != nil {
		return nil, err
	}
	clientKeyPEM, err := pkcs8PEM(clientKey)
	if err != nil {
		return nil, err
	}

	pool := x509.NewCertPool()
	pool.AddCert(ca)
	return &tlsMaterial{
		config: &tls.Config{
			MinVersion: tls.VersionTLS12,
			Certificates: []tls.Certificate{{
				Certificate: [][]byte{serverCert, ca.Raw},
				PrivateKey:  serverKey,
			}},
			ClientAuth: tls.VerifyClientCertIfGiven,
			ClientCAs:  pool,
		},
		caPEM:         caCertPEM,
		caKeyPEM:      caKeyPEM,
		clientCertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: clientCert}),
		clientKeyPEM:  clientKeyPEM,
	}, nil
}

// addServerNames adds host to the server certificate; an unspecified host
// (every interface) adds this machine's name and addresses, so clients on
// the network can verify the certificate too.
func addServerNames(tmpl *x509.Certificate, host string) {
	addHost := func(h string) {
		if h == "" || h == "localhost" {
			return
		}
		if ip := net.ParseIP(h); ip != nil {
			if !ip.IsLoopback() && !ip.IsUnspecified() {
				tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
			}
			return
		}
		tmpl.DNSNames = append(tmpl.DNSNames, h)
	}
	ip := net.ParseIP(host)
	if host != "" && (ip == nil || !ip.IsUnspecified()) {
		addHost(host)
		return
	}
	for _, h := range networkHosts() {
		addHost(h)
	}
}

// signLeaf creates a P-256 key and a certificate for it signed by the CA.
func signLeaf(tmpl, ca *x509.Certificate, caKey crypto.Signer) ([]byte, *ecdsa.PrivateKey, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("emulator: certificate key: %w", err)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, nil, fmt.Errorf("emulator: certificate for %s: %w", tmpl.Subject.CommonName, err)
	}
	return der, key, nil
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return big.NewInt(time.Now().UnixNano())
	}
	return n
}
