package contract

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

const testToken = "s3cr3t-session-token-value"

// exchange is one request and its response as a test describes them.
type exchange struct {
	method, url string
	reqBody     string
	noToken     bool
	status      int
	contentType string // defaults to application/json when respBody is set
	respBody    string
}

func (e exchange) check(v *Validator) error {
	req, err := http.NewRequest(e.method, "http://127.0.0.1:9"+e.url, strings.NewReader(e.reqBody))
	if err != nil {
		panic(err)
	}
	if e.reqBody != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if !e.noToken {
		req.Header.Set("sessionToken", testToken)
	}
	resp := &http.Response{StatusCode: e.status, Header: http.Header{}, Request: req}
	if ct := e.contentType; ct != "" {
		resp.Header.Set("Content-Type", ct)
	} else if e.respBody != "" {
		resp.Header.Set("Content-Type", "application/json")
	}
	return v.Check(req, []byte(e.reqBody), resp, []byte(e.respBody))
}

const userV2 = `{"id":7078106482890,"emailAddress":"bot@example.com","firstName":"Bot","lastName":"One",` +
	`"displayName":"Bot One","username":"bot.one","accountType":"SYSTEM","roles":["INDIVIDUAL"]}`

func TestCheckAcceptsValidExchanges(t *testing.T) {
	v := RequireSpec(t)
	for name, e := range map[string]exchange{
		"sessioninfo UserV2": {method: "GET", url: "/pod/v2/sessioninfo", status: 200, respBody: userV2},
		"sessioninfo 401 Error": {method: "GET", url: "/pod/v2/sessioninfo", status: 401,
			respBody: `{"code":401,"message":"Invalid session"}`},
		"user search": {method: "POST", url: "/pod/v1/user/search?skip=0&limit=10&local=true",
			reqBody: `{"query":"jane","filters":{"title":"Sales"}}`, status: 200,
			respBody: `{"count":1,"skip":0,"limit":10,"searchQuery":{"query":"jane"},"users":[` + userV2 + `]}`},
		"user search 204 no body": {method: "POST", url: "/pod/v1/user/search",
			reqBody: `{"query":"nobody"}`, status: 204},
		"login on the pod": {method: "POST", url: "/login/pubkey/authenticate", noToken: true,
			reqBody: `{"token":"header.payload.signature"}`, status: 200,
			respBody: `{"name":"sessionToken","token":"opaque"}`},
		"login on the key manager": {method: "POST", url: "/relay/pubkey/authenticate", noToken: true,
			reqBody: `{"token":"header.payload.signature"}`, status: 200,
			respBody: `{"name":"keyManagerToken","token":"opaque"}`},
		"certificate login on the pod": {method: "POST", url: "/sessionauth/v1/authenticate", noToken: true,
			status: 200, respBody: `{"name":"sessionToken","token":"opaque"}`},
		"certificate login on the key manager": {method: "POST", url: "/keyauth/v1/authenticate", noToken: true,
			status: 200, respBody: `{"name":"keyManagerToken","token":"opaque"}`},
		"agent audit trail": {method: "GET", url: "/agent/v1/audittrail/privilegeduser?startTimestamp=1&limit=5",
			status: 204},
		"rate limited": {method: "GET", url: "/pod/v2/sessioninfo", status: 429,
			respBody: `{"code":429,"message":"Too many requests"}`},
		"allOf presence keeps its members open": {method: "GET", url: "/pod/v2/user/presence", status: 200,
			respBody: `{"category":"AVAILABLE","userId":7078106482890,"timestamp":1700000000000}`},
		"features spelt as the spec spells them": {method: "GET", url: "/pod/v1/admin/user/1/features", status: 200,
			respBody: `[{"entitlment":"canCreatePublicRoom","enabled":true}]`},
		"audit trail items vary by action": {method: "GET", url: "/agent/v1/audittrail/privilegeduser?startTimestamp=1",
			status: 200, respBody: `{"items":[{"action":"roleAdded","initiatorId":"1","affectedUserId":"2"}]}`},
		"room search with the allOf's own property": {method: "POST", url: "/pod/v3/room/search?limit=5",
			reqBody: `{"query":"a","subType":"EMAIL","active":true}`, status: 200,
			respBody: `{"count":0,"skip":0,"limit":5,"query":{"query":"a"},"rooms":[]}`},
		"control API is skipped": {method: "GET", url: "/_emulator/stats", noToken: true, status: 200,
			respBody: `{"anything":"goes"}`},
	} {
		t.Run(name, func(t *testing.T) {
			if err := e.check(v); err != nil {
				t.Errorf("valid exchange rejected: %v", err)
			}
		})
	}
}

func TestCheckRejectsInvalidExchanges(t *testing.T) {
	v := RequireSpec(t)
	for name, tc := range map[string]struct {
		e        exchange
		response bool   // the violation is in the response (else in the request)
		want     string // part of the message
	}{
		"search body of the wrong type": {exchange{method: "POST", url: "/pod/v1/user/search",
			reqBody: `{"query":42}`, status: 204}, false, "/query"},
		"search without a body": {exchange{method: "POST", url: "/pod/v1/user/search", status: 204},
			false, "value is required"},
		"query parameter of the wrong type": {exchange{method: "POST", url: "/pod/v1/user/search?limit=ten",
			reqBody: `{"query":"jane"}`, status: 204}, false, `"limit"`},
		"missing sessionToken": {exchange{method: "GET", url: "/pod/v2/sessioninfo", noToken: true,
			status: 200, respBody: userV2}, false, `"sessionToken"`},
		"user id as a string": {exchange{method: "GET", url: "/pod/v2/sessioninfo", status: 200,
			respBody: `{"id":"7078106482890","username":"bot.one"}`}, true, "/id"},
		"undeclared status": {exchange{method: "GET", url: "/pod/v2/sessioninfo", status: 404,
			respBody: `{"code":404,"message":"not found"}`}, true, "status is not supported"},
		"body on a 204": {exchange{method: "POST", url: "/pod/v1/user/search", reqBody: `{"query":"x"}`,
			status: 204, respBody: `{}`}, true, "204"},
		"text instead of JSON": {exchange{method: "GET", url: "/pod/v2/sessioninfo", status: 200,
			contentType: "text/plain", respBody: "hello"}, true, "Content-Type"},
		"unknown path": {exchange{method: "GET", url: "/pod/v9/nothing/here", status: 200,
			respBody: `{}`}, false, "not in the specification"},
		"unknown mount": {exchange{method: "GET", url: "/elsewhere/v1/x", status: 200}, false, "no specification"},
		"undeclared method": {exchange{method: "DELETE", url: "/pod/v2/sessioninfo", status: 200},
			false, "method not declared"},
		"error body of the wrong shape on 429": {exchange{method: "GET", url: "/pod/v2/sessioninfo", status: 429,
			respBody: `{"code":"slow down"}`}, true, "/code"},
		"misspelt response property": {exchange{method: "GET", url: "/pod/v1/admin/user/1/features", status: 200,
			respBody: `[{"entitlement":"canCreatePublicRoom","enabled":true}]`}, true, `"entitlement" is unsupported`},
		"undeclared request property": {exchange{method: "POST", url: "/pod/v1/user/search",
			reqBody: `{"query":"jane","sort":"name"}`, status: 204}, false, `"sort" is unsupported`},
		"undeclared query parameter": {exchange{method: "GET", url: "/pod/v2/room/abc/membership/list?limit=10",
			status: 200, respBody: `[]`}, false, `query parameter "limit" is not declared`},
		"undeclared property in an allOf": {exchange{method: "GET", url: "/pod/v2/user/presence", status: 200,
			respBody: `{"category":"AWAY","userId":1,"timestamp":2,"since":3}`}, true, `"since" is unsupported`},
		"nested allOf used as a request body": {exchange{method: "POST", url: "/pod/v3/user/presence",
			reqBody: `{"userId":1,"category":"AWAY","timestamp":5}`, status: 200,
			respBody: `{"category":"AWAY","userId":1,"timestamp":5}`}, false, `"timestamp" is unsupported`},
		"allOf member property of the wrong type": {exchange{method: "GET", url: "/pod/v2/user/presence", status: 200,
			respBody: `{"category":"AWAY","userId":"1","timestamp":2}`}, true, `/userId`},
		"room search without its required query": {exchange{method: "POST", url: "/pod/v3/room/search",
			reqBody: `{"labels":["x"]}`, status: 200, respBody: `{}`}, false, `"query"`},
		"body where none is declared": {exchange{method: "POST", url: "/pod/v1/presence/feed/create",
			reqBody: `{}`, status: 200, respBody: `{"id":"f"}`}, false, "request body not allowed"},
		"audit trail without startTimestamp": {exchange{method: "GET", url: "/agent/v1/audittrail/privilegeduser",
			status: 204}, false, `"startTimestamp"`},
	} {
		t.Run(name, func(t *testing.T) {
			err := tc.e.check(v)
			if err == nil {
				t.Fatal("invalid exchange accepted")
			}
			var viol *Violation
			if !errors.As(err, &viol) {
				t.Fatalf("error %v is not a *Violation", err)
			}
			if got := viol.Status != 0; got != tc.response {
				t.Errorf("violation on the response side = %v, want %v: %v", got, tc.response, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("message %q does not mention %q", err, tc.want)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("message leaks the session token: %q", err)
			}
		})
	}
}

func TestQuirkAllowsOnlyItsField(t *testing.T) {
	v := RequireSpec(t)
	saved := quirks
	t.Cleanup(func() { quirks = saved })
	quirks = []quirk{{op: "GET /pod/v2/sessioninfo", status: 200, pointer: "/roles/*", reason: "test"}}

	e := exchange{method: "GET", url: "/pod/v2/sessioninfo", status: 200, respBody: `{"id":1,"roles":[1,2]}`}
	if err := e.check(v); err != nil {
		t.Errorf("the quirk did not cover /roles/*: %v", err)
	}
	e.respBody = `{"id":"1","roles":[1]}`
	err := e.check(v)
	if err == nil || !strings.Contains(err.Error(), `"/id"`) || strings.Contains(err.Error(), "/roles") {
		t.Errorf("want a violation at /id only, got %v", err)
	}
	e.url = "/pod/v3/users"
	e.respBody = `{"users":[{"roles":[1]}]}`
	if err := e.check(v); err == nil {
		t.Error("a quirk of one operation covered another")
	}
}

func TestQuirkAllowsARequestField(t *testing.T) {
	v := RequireSpec(t)
	saved := quirks
	t.Cleanup(func() { quirks = saved })
	e := exchange{method: "POST", url: "/pod/v1/user/search", reqBody: `{"query":42}`, status: 204}
	if err := e.check(v); err == nil {
		t.Fatal("a search query of the wrong type was accepted without a quirk")
	}
	quirks = []quirk{{op: "POST /pod/v1/user/search", status: 0, pointer: "/query", reason: "test"}}
	if err := e.check(v); err != nil {
		t.Errorf("the request quirk did not cover /query: %v", err)
	}
}
