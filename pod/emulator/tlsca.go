package emulator

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"time"
)

// tlsMaterial is what a TLS emulator generates at start: a throw-away CA, the
// server certificate it signs, and the bot's client certificate.
type tlsMaterial struct {
	config        *tls.Config
	caPEM         []byte
	clientCertPEM []byte
	clientKeyPEM  []byte
}

// newTLSMaterial creates a CA (ECDSA P-256) valid for a day around now, a
// server certificate for loopback (plus extraHost when it is not empty), and
// a client certificate whose CN is clientCN. Client certificates are verified
// when given and optional otherwise, so RSA and certificate authentication
// work on the same listener.
func newTLSMaterial(now time.Time, extraHost, clientCN string) (*tlsMaterial, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("emulator: CA key: %w", err)
	}
	notBefore, notAfter := now.Add(-time.Hour), now.Add(24*time.Hour)
	caTmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "symtui emulator CA", Organization: []string{"symtui emulator"}},
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, fmt.Errorf("emulator: CA certificate: %w", err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, fmt.Errorf("emulator: CA certificate: %w", err)
	}

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
	if extraHost != "" && extraHost != "localhost" {
		if ip := net.ParseIP(extraHost); ip != nil {
			if !ip.IsLoopback() && !ip.IsUnspecified() {
				serverTmpl.IPAddresses = append(serverTmpl.IPAddresses, ip)
			}
		} else {
			serverTmpl.DNSNames = append(serverTmpl.DNSNames, extraHost)
		}
	}
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
				Certificate: [][]byte{serverCert, caDER},
				PrivateKey:  serverKey,
			}},
			ClientAuth: tls.VerifyClientCertIfGiven,
			ClientCAs:  pool,
		},
		caPEM:         pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		clientCertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: clientCert}),
		clientKeyPEM:  clientKeyPEM,
	}, nil
}

// signLeaf creates a P-256 key and a certificate for it signed by the CA.
func signLeaf(tmpl, ca *x509.Certificate, caKey *ecdsa.PrivateKey) ([]byte, *ecdsa.PrivateKey, error) {
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
