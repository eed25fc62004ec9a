package emulator

import "strings"

// Word lists the seed draws from. Names are deliberately international.
var (
	firstNames = []string{
		"James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
		"William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
		"Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Sandra", "Steven", "Ashley",
		"Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle", "Kenneth", "Carol", "Kevin", "Amanda",
		"Brian", "Melissa", "Timothy", "Deborah", "Ronald", "Stephanie", "Jason", "Rebecca", "Jeffrey", "Laura",
		"Olivier", "Camille", "Léa", "Hugo", "Chloé", "Mathéo", "Zoë", "Søren", "Åsa", "Björn",
		"Łukasz", "Małgorzata", "Jürgen", "Jörg", "Anaïs", "François", "José", "María", "Joaquín", "Inés",
		"Giulia", "Alessandro", "Francesca", "Luca", "Sofia", "Hiroshi", "Yuki", "Haruto", "Aiko", "Wei",
		"Mei", "Jun", "Priya", "Arjun", "Ananya", "Rohan", "Fatima", "Omar", "Aisha", "Tariq",
		"Chidi", "Ngozi", "Kwame", "Amara", "Dmitri", "Olga", "Nikolai", "Svetlana", "Siobhán", "Seán",
	}
	lastNames = []string{
		"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
		"Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
		"Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
		"Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
		"Dubois", "Lefèvre", "Moreau", "Girard", "Müller", "Schmidt", "Schröder", "Weiß", "Rossi", "Russo",
		"Bianchi", "Esposito", "Fernández", "Núñez", "Sørensen", "Lindqvist", "Åberg", "Kowalski", "Wiśniewski", "Nowak",
		"Tanaka", "Suzuki", "Watanabe", "Yamamoto", "Chen", "Wang", "Zhang", "Liu", "Kim", "Park",
		"Patel", "Sharma", "Singh", "Iyer", "Okafor", "Mensah", "Haddad", "Khan", "Ivanov", "Petrova",
		"O'Brien", "McCarthy", "Van der Berg", "De Souza", "Ó Súilleabháin", "St. Clair", "Ben-David", "Al-Farsi", "Costa", "Silva",
	}
	titles = []string{
		"Analyst", "Senior Analyst", "Associate", "Vice President", "Director", "Managing Director",
		"Equity Trader", "FX Trader", "Sales Trader", "Portfolio Manager", "Research Analyst", "Quant Developer",
		"Software Engineer", "Site Reliability Engineer", "Compliance Officer", "Risk Manager", "Operations Specialist",
		"Relationship Manager", "Product Manager", "Chief of Staff", "Head of Desk", "Client Services Associate",
	}
	departments = []string{
		"Equities", "Fixed Income", "FX", "Commodities", "Research", "Technology", "Operations", "Compliance",
		"Risk", "Legal", "Sales", "Wealth Management", "Treasury", "Human Resources", "Finance",
	}
	divisions = []string{"Global Markets", "Investment Banking", "Asset Management", "Corporate", "Private Banking"}
	locations = []string{
		"New York", "London", "Paris", "Frankfurt", "Zürich", "Hong Kong", "Singapore", "Tokyo", "Sydney",
		"Toronto", "São Paulo", "Mumbai", "Dubai", "Chicago", "San Francisco", "Dublin", "Stockholm", "Warsaw",
	}
	jobFunctions = []string{
		"Trader", "Sales", "Research", "Analyst", "Portfolio Manager", "Developer", "Operations",
		"Compliance", "Risk Management", "Business Development", "Executive", "Other",
	}
	assetClassList  = []string{"Equities", "Fixed Income", "Currencies", "Commodities", "Derivatives"}
	industryList    = []string{"Financials", "Technology", "Healthcare", "Energy", "Industrials", "Consumer Goods"}
	marketCoverages = []string{"EMEA", "NA", "APAC", "LATAM"}
	languages       = []string{"english", "french", "german", "japanese", "spanish"}
)

// company is a pod: local users share the emulated pod's company, external
// users belong to other pods with their own tenant ids.
type company struct {
	Name   string
	Domain string
	PodID  int64
}

var (
	localCompany      = company{"Meridian Capital", "meridiancapital.example", 190}
	externalCompanies = []company{
		{"Northwind Securities", "northwind.example", 197},
		{"Globex Markets", "globex.example", 204},
		{"Initech Asset Management", "initech.example", 233},
		{"Umbrella Bank", "umbrella.example", 257},
		{"Halcyon Partners", "halcyon.example", 311},
	}
)

// hostileStrings are awkward values real directories contain or attackers
// plant: terminal escapes (CSI, OSC 52 clipboard writes, OSC 8 links), a
// carriage return that overwrites, the 8-bit C1 CSI, bidi overrides,
// zero-width characters, wide scripts and emoji, and a 300-character name.
var hostileStrings = []string{
	"\x1b[31;1mRED ALERT\x1b[0m Trader",
	"\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07Clipboard",
	"\x1b]8;;https://evil.example/\x1b\\Click me\x1b]8;;\x1b\\",
	"Innocent Name\rROOT OVERWRITE",
	"\u009b31mEight-bit CSI\u009b0m",
	"Admin \u202egnp.exe\u202c",
	"Zero\u200bWidth\u200cJoin\u200dHere\ufeff",
	"王小明 🚀 データ分析",
	"Ünïcødé\tTab\nNewline",
	"\x1b[2J\x1b[HScreen Clear",
	"\x07Bell\x08Backspace\x7fDel",
	strings.Repeat("Longname", 37) + "Tail",
}

// systemFeatures are the feature (entitlement) names of GET
// /pod/v1/admin/system/features/list; a user's featureSet has one bit per name.
var systemFeatures = []string{
	"postReadEnabled", "postWriteEnabled", "delegatesEnabled", "isExternalIMEnabled",
	"canShareFilesExternally", "canCreatePublicRoom", "canUpdateAvatar", "isExternalRoomEnabled",
	"canCreatePushedSignals", "canUseCompactMode", "mustBeRecorded", "sendFilesEnabled",
	"canUseInternalAudio", "canUseInternalVideo", "canProjectInternalScreenShare",
	"canViewInternalScreenShare", "canCreateMultiLateralRoom", "canJoinMultiLateralRoom",
	"canUseFirehose", "canUseInternalAudioMobile", "canUseInternalVideoMobile",
	"canProjectInternalScreenShareMobile", "canViewInternalScreenShareMobile",
	"canManageSignalSubscription", "canCreateDatahose",
}

// featureIndex maps a feature name to its bit.
var featureIndex = func() map[string]int {
	m := make(map[string]int, len(systemFeatures))
	for i, f := range systemFeatures {
		m[f] = i
	}
	return m
}()

// featureSet has bit i set when systemFeatures[i] is enabled.
type featureSet uint64

// hasFeature reports whether u has the named entitlement. Call with e.mu held.
func (u *user) hasFeature(name string) bool {
	i, ok := featureIndex[name]
	return ok && u.Features&(1<<i) != 0
}

// systemRoles are the roles of GET /pod/v1/admin/system/roles/list (ids as
// the spec and the audit-trail text spell them).
var systemRoles = []roleDetail{
	{"INDIVIDUAL", "Individual", []string{"NORMAL", "SYSTEM"}, nil},
	{"SUPER_ADMINISTRATOR", "Super Administrator", []string{"NORMAL", "SYSTEM"}, nil},
	{"ADMINISTRATOR", "Administrator", []string{"NORMAL", "SYSTEM"}, nil},
	{"USER_PROVISIONING", "User Provisioning", []string{"NORMAL", "SYSTEM"}, nil},
	{"SUPER_COMPLIANCE_OFFICER", "Super Compliance Officer", []string{"NORMAL"}, []string{"MONITOR_ROOMS", "MONITOR_WALL_POSTS"}},
	{"COMPLIANCE_OFFICER", "Compliance Officer", []string{"NORMAL"}, []string{"MONITOR_ROOMS", "MONITOR_WALL_POSTS"}},
	{"CONTENT_MANAGEMENT", "Content Management", []string{"NORMAL", "SYSTEM"}, nil},
	{"EF_POLICY_MANAGEMENT", "Expression Filter Policy Management", []string{"NORMAL"}, nil},
	{"L1_SUPPORT", "L1 Support", []string{"NORMAL"}, nil},
	{"L2_SUPPORT", "L2 Support", []string{"NORMAL"}, nil},
	{"SCOPE_MANAGEMENT", "Scope Management", []string{"NORMAL"}, nil},
}

// presenceCategories and their seed weights (percent), from the spec's list.
var presenceCategories = []weighted{
	{"AVAILABLE", 30}, {"OFFLINE", 28}, {"AWAY", 10}, {"BUSY", 8}, {"IN_A_MEETING", 8},
	{"ON_THE_PHONE", 3}, {"BE_RIGHT_BACK", 3}, {"DO_NOT_DISTURB", 3}, {"OUT_OF_OFFICE", 3},
	{"OFF_WORK", 3}, {"UNDEFINED", 1},
}

// asciiFold turns a display name into the letters usernames and emails use.
func asciiFold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			if f, ok := foldTable[r]; ok {
				b.WriteString(f)
			}
		}
	}
	return b.String()
}

var foldTable = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ä': "a", 'å': "a", 'ã': "a", 'æ': "ae", 'ç': "c", 'è': "e", 'é': "e",
	'ê': "e", 'ë': "e", 'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ñ': "n", 'ò': "o", 'ó': "o", 'ô': "o",
	'ö': "o", 'ø': "o", 'õ': "o", 'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ý': "y", 'ß': "ss", 'ł': "l",
	'ś': "s", 'ź': "z", 'ż': "z", 'ń': "n", 'ć': "c", 'ę': "e", 'ą': "a",
}
