package gen

import (
	"strconv"
	"strings"
	"time"

	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/value"
)

// ARM rows are activity-log events in the REST EventData shape (sources.md
// §5.3-5.5): an operation is a BeginRequest (status Started) and an
// EndRequest (Succeeded, Failed or Accepted; an Accepted one later ends with
// Succeeded), all sharing correlationId and operationId.

// armCaller is an Entra identity calling ARM.
type armCaller struct {
	caller    string // caller: UPN for users, object id for service principals
	principal string // User or ServicePrincipal
	claims    string // the static part of the token claims, without iat/nbf/exp
	ips       []string
}

// subscription is an Azure subscription and its resources.
type subscription struct {
	idx      int
	c        Cluster
	id       string
	tenant   string
	users    []*armCaller
	tf       *armCaller // Terraform service principal
	gha      *armCaller // GitHub Actions (OIDC federated) service principal
	autom    *armCaller // automation account managed identity (start/stop VMs)
	policy   *armCaller // Azure Policy remediation managed identity
	aks      *armCaller // AKS cluster managed identity (node pools, load balancers)
	backup   *armCaller // Azure Backup
	funcMI   *armCaller // a function app's managed identity
	vms      []string   // resource ids
	vmss     []string
	storage  []string
	nsgs     []string
	clusters []string
	vaults   []string
	location string
	ops      []float64 // cumulative weights of armOps
}

func newSubscription(g *gen, c Cluster, idx int) *subscription {
	r := &g.r
	s := &subscription{idx: idx, c: c, tenant: "72c4a1d0-5e6f-4a3b-9c8d-7e6f5a4b3c2d", location: "westeurope"}
	s.id = strings.TrimPrefix(strings.ToLower(c.ResourceId), "/subscriptions/")
	if i := strings.IndexByte(s.id, '/'); i >= 0 {
		s.id = s.id[:i]
	}
	if s.id == "" {
		s.id = r.uuid()
	}
	for _, p := range people {
		s.users = append(s.users, s.user(r, p.user+"@contoso.com", p.ip))
	}
	s.tf = s.spn(r, "terraform-prod", []string{"20.102.35.120", "4.175.114.51"}, "")
	s.gha = s.spn(r, "github-actions-deploy", []string{"4.175.114.51", "20.102.35.120"}, "")
	s.autom = s.spn(r, "aa-vm-startstop", []string{"20.50.2.7"}, "/subscriptions/"+s.id+"/resourcegroups/rg-ops/providers/Microsoft.Automation/automationAccounts/aa-vm-startstop")
	s.policy = s.spn(r, "policy-remediation", []string{"20.50.2.9"}, "/subscriptions/"+s.id+"/resourcegroups/rg-governance/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-policy-remediation")
	s.aks = s.spn(r, "aks-prod-weu-agentpool", []string{"20.50.2.11"}, "/subscriptions/"+s.id+"/resourcegroups/MC_rg-prod_aks-prod-weu_westeurope/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks-prod-weu-agentpool")
	s.backup = s.spn(r, "Backup Management Service", []string{"20.50.2.13"}, "")
	s.funcMI = s.spn(r, "func-orders-weu", []string{"20.50.2.15"}, "/subscriptions/"+s.id+"/resourcegroups/rg-prod-web/providers/Microsoft.Web/sites/func-orders-weu")
	res := func(rg, typ, name string) string {
		return "/subscriptions/" + s.id + "/resourceGroups/" + rg + "/providers/" + typ + "/" + name
	}
	for _, v := range []string{"vm-web-01", "vm-web-02", "vm-web-03", "vm-jump-01", "vm-sql-01", "vm-build-agent-01", "vm-build-agent-02"} {
		rg := "rg-prod-web"
		if strings.HasPrefix(v, "vm-build") {
			rg = "rg-devops"
		} else if v == "vm-sql-01" {
			rg = "rg-prod-data"
		}
		s.vms = append(s.vms, res(rg, "Microsoft.Compute/virtualMachines", v))
	}
	s.vmss = []string{
		res("MC_rg-prod_aks-prod-weu_westeurope", "Microsoft.Compute/virtualMachineScaleSets", "aks-systempool-38162451-vmss"),
		res("MC_rg-prod_aks-prod-weu_westeurope", "Microsoft.Compute/virtualMachineScaleSets", "aks-userpool-38162451-vmss"),
	}
	for _, n := range []string{"stprodlogs01", "stproddata7f3a", "tfstatecontoso", "stfuncorders01"} {
		s.storage = append(s.storage, res("rg-prod-data", "Microsoft.Storage/storageAccounts", n))
	}
	s.nsgs = []string{res("rg-shared-network", "Microsoft.Network/networkSecurityGroups", "nsg-web"), res("rg-shared-network", "Microsoft.Network/networkSecurityGroups", "nsg-jump")}
	s.clusters = []string{res("rg-prod", "Microsoft.ContainerService/managedClusters", "aks-prod-weu"), res("rg-dev", "Microsoft.ContainerService/managedClusters", "aks-dev-neu")}
	s.vaults = []string{res("rg-prod-data", "Microsoft.KeyVault/vaults", "kv-prod-weu-01")}
	w := make([]float64, len(armOps))
	for i, o := range armOps {
		w[i] = o.weight
	}
	s.ops = cumulative(w)
	return s
}

// Well-known first-party client application ids.
const (
	appAzureCLI    = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
	appAzurePortal = "c44b4083-3bb0-49c1-b47d-974e53cbdf3c"
)

func (s *subscription) user(r *rng, upn, ip string) *armCaller {
	oid := r.uuid()
	name := strings.ToUpper(upn[:1]) + upn[1:strings.IndexByte(upn, '@')]
	app := appAzurePortal
	if r.chance(0.5) {
		app = appAzureCLI
	}
	b := []byte(`"aud":"https://management.core.windows.net/","iss":"https://sts.windows.net/` + s.tenant + `/"`)
	b = append(b, `,"http://schemas.microsoft.com/claims/authnclassreference":"1","aio":"`+r.hex(40)+`","http://schemas.microsoft.com/claims/authnmethodsreferences":"pwd,mfa","appid":"`+app+`","appidacr":"0"`...)
	b = append(b, `,"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname":"`+name+`","ipaddr":"`+ip+`","name":"`+name+` (Contoso)","http://schemas.microsoft.com/identity/claims/objectidentifier":"`+oid+`"`...)
	b = append(b, `,"puid":"`+strings.ToUpper(r.hex(16))+`","http://schemas.microsoft.com/identity/claims/scope":"user_impersonation","http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier":"`+r.hex(43)+`"`...)
	b = append(b, `,"http://schemas.microsoft.com/identity/claims/tenantid":"`+s.tenant+`","http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name":"`+upn+`","http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn":"`+upn+`","uti":"`+r.hex(22)+`","ver":"1.0"`...)
	return &armCaller{caller: upn, principal: "User", claims: string(b), ips: []string{ip}}
}

// spn is a service principal or managed identity (mirid set): ARM shows its
// object id as the caller.
func (s *subscription) spn(r *rng, _ string, ips []string, mirid string) *armCaller {
	oid, app := r.uuid(), r.uuid()
	b := []byte(`"aud":"https://management.core.windows.net/","iss":"https://sts.windows.net/` + s.tenant + `/"`)
	b = append(b, `,"aio":"`+r.hex(40)+`","appid":"`+app+`","appidacr":"2","http://schemas.microsoft.com/identity/claims/identityprovider":"https://sts.windows.net/`+s.tenant+`/","idtyp":"app"`...)
	b = append(b, `,"http://schemas.microsoft.com/identity/claims/objectidentifier":"`+oid+`","http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier":"`+oid+`","http://schemas.microsoft.com/identity/claims/tenantid":"`+s.tenant+`","uti":"`+r.hex(22)+`","ver":"1.0"`...)
	if mirid != "" {
		b = append(b, `,"xms_mirid":"`+mirid+`"`...)
	}
	return &armCaller{caller: oid, principal: "ServicePrincipal", claims: string(b), ips: ips}
}

// Lifecycles of an operation in the activity log.
const (
	lcWrite  = iota // Started, then Succeeded (OK or Created), Accepted (then Succeeded) or Failed
	lcAction        // Started, then Succeeded, Accepted (then Succeeded) or Failed
	lcSingle        // one Succeeded event (Azure Policy audits, the rare reads)
)

// armOpSpec is a kind of ARM operation.
type armOpSpec struct {
	name, localized string
	method          string
	lifecycle       int
	weight          float64
	target          func(s *subscription, r *rng) string            // the resource id
	caller          func(s *subscription, r *rng) *armCaller        // who does it
	category        string                                          // Administrative or Policy
	body            func(s *subscription, r *rng, id string) string // request body, "" for none
}

func anyOf(xs ...func(s *subscription) *armCaller) func(s *subscription, r *rng) *armCaller {
	return func(s *subscription, r *rng) *armCaller { return pick(r, xs)(s) }
}

var (
	cUser   = func(s *subscription) *armCaller { return s.users[0] }
	cTF     = func(s *subscription) *armCaller { return s.tf }
	cGHA    = func(s *subscription) *armCaller { return s.gha }
	cAutom  = func(s *subscription) *armCaller { return s.autom }
	cPolicy = func(s *subscription) *armCaller { return s.policy }
	cAKS    = func(s *subscription) *armCaller { return s.aks }
	cBackup = func(s *subscription) *armCaller { return s.backup }
	cFunc   = func(s *subscription) *armCaller { return s.funcMI }
)

func anyUser(s *subscription, r *rng) *armCaller { return pick(r, s.users) }

func child(parent func(s *subscription) []string, typ string, names ...string) func(s *subscription, r *rng) string {
	return func(s *subscription, r *rng) string {
		return pick(r, parent(s)) + "/" + typ + "/" + pick(r, names)
	}
}

func one(list func(s *subscription) []string) func(s *subscription, r *rng) string {
	return func(s *subscription, r *rng) string { return pick(r, list(s)) }
}

var (
	lVMs      = func(s *subscription) []string { return s.vms }
	lVMSS     = func(s *subscription) []string { return s.vmss }
	lStorage  = func(s *subscription) []string { return s.storage }
	lNSGs     = func(s *subscription) []string { return s.nsgs }
	lClusters = func(s *subscription) []string { return s.clusters }
	lVaults   = func(s *subscription) []string { return s.vaults }
)

const vmWrite = "Microsoft.Compute/virtualMachines/write"

var armOps = []armOpSpec{
	{name: vmWrite, localized: "Create or Update Virtual Machine", method: "PUT", lifecycle: lcWrite, weight: 6, target: one(lVMs),
		caller: func(s *subscription, r *rng) *armCaller {
			if r.chance(0.5) {
				return s.tf
			}
			return anyUser(s, r)
		}, body: vmBody},
	{name: "Microsoft.Compute/virtualMachines/start/action", localized: "Start Virtual Machine", method: "POST", lifecycle: lcAction, weight: 2, target: one(lVMs), caller: anyOf(cAutom, cAutom, cUser)},
	{name: "Microsoft.Compute/virtualMachines/deallocate/action", localized: "Deallocate Virtual Machine", method: "POST", lifecycle: lcAction, weight: 2, target: one(lVMs), caller: anyOf(cAutom)},
	{name: "Microsoft.Compute/virtualMachines/restart/action", localized: "Restart Virtual Machine", method: "POST", lifecycle: lcAction, weight: 1, target: one(lVMs), caller: anyOf(cAutom, cUser)},
	{name: "Microsoft.Compute/virtualMachines/extensions/write", localized: "Create or Update Virtual Machine Extension", method: "PUT", lifecycle: lcWrite, weight: 3,
		target: child(lVMs, "extensions", "AzureMonitorLinuxAgent", "MDE.Linux", "AzurePolicyforLinux", "CustomScript"), caller: anyOf(cPolicy, cPolicy, cTF)},
	{name: "Microsoft.Compute/virtualMachineScaleSets/write", localized: "Create or Update Virtual Machine Scale Set", method: "PUT", lifecycle: lcWrite, weight: 5, target: one(lVMSS), caller: anyOf(cAKS)},
	{name: "Microsoft.Compute/virtualMachineScaleSets/delete/action", localized: "Delete Virtual Machines in a Virtual Machine Scale Set", method: "POST", lifecycle: lcAction, weight: 1.5, target: one(lVMSS), caller: anyOf(cAKS)},
	{name: "Microsoft.Compute/disks/write", localized: "Create or Update Disk", method: "PUT", lifecycle: lcWrite, weight: 2,
		target: func(s *subscription, r *rng) string {
			return "/subscriptions/" + s.id + "/resourceGroups/MC_rg-prod_aks-prod-weu_westeurope/providers/Microsoft.Compute/disks/pvc-" + r.uuid()
		}, caller: anyOf(cAKS, cAKS, cTF)},
	{name: "Microsoft.Compute/snapshots/write", localized: "Create or Update Snapshot", method: "PUT", lifecycle: lcWrite, weight: 1.5,
		target: func(s *subscription, r *rng) string {
			return "/subscriptions/" + s.id + "/resourceGroups/rg-backup/providers/Microsoft.Compute/snapshots/AzureBackup_" + r.hex(12)
		}, caller: anyOf(cBackup)},
	{name: "Microsoft.Compute/virtualMachines/delete", localized: "Delete Virtual Machine", method: "DELETE", lifecycle: lcAction, weight: 0.4, target: one(lVMs), caller: anyOf(cTF)},
	{name: "Microsoft.Compute/virtualMachines/read", localized: "Get Virtual Machine", method: "GET", lifecycle: lcSingle, weight: 0.3, target: one(lVMs), caller: anyUser},
	{name: "Microsoft.Compute/virtualMachines/runCommand/action", localized: "Run Command on Virtual Machine", method: "POST", lifecycle: lcAction, weight: 0.3, target: one(lVMs), caller: anyUser},
	{name: "Microsoft.Storage/storageAccounts/listKeys/action", localized: "List Storage Account Keys", method: "POST", lifecycle: lcAction, weight: 12, target: one(lStorage),
		caller: func(s *subscription, r *rng) *armCaller {
			if r.chance(0.6) {
				return s.funcMI
			}
			if r.chance(0.5) {
				return s.tf
			}
			return anyUser(s, r)
		}},
	{name: "Microsoft.Storage/storageAccounts/write", localized: "Create/Update Storage Account", method: "PUT", lifecycle: lcWrite, weight: 1.5, target: one(lStorage), caller: anyOf(cTF, cPolicy)},
	{name: "Microsoft.Storage/storageAccounts/blobServices/containers/write", localized: "Put blob container", method: "PUT", lifecycle: lcWrite, weight: 1.5,
		target: func(s *subscription, r *rng) string {
			return pick(r, s.storage) + "/blobServices/default/containers/" + pick(r, []string{"exports", "tfstate", "logs", "uploads"})
		}, caller: anyOf(cTF, cGHA, cFunc)},
	{name: "Microsoft.Network/networkSecurityGroups/securityRules/write", localized: "Create or Update Security Rule", method: "PUT", lifecycle: lcWrite, weight: 1.5,
		target: child(lNSGs, "securityRules", "AllowHttpsInbound", "AllowSshFromBastion", "DenyAllInbound", "AllowAzureLoadBalancer"), caller: anyOf(cTF, cUser)},
	{name: "Microsoft.Network/networkInterfaces/write", localized: "Create or Update Network Interface", method: "PUT", lifecycle: lcWrite, weight: 2,
		target: func(s *subscription, r *rng) string {
			return "/subscriptions/" + s.id + "/resourceGroups/rg-prod-web/providers/Microsoft.Network/networkInterfaces/" + pick(r, []string{"vm-web-01", "vm-web-02", "vm-web-03", "vm-jump-01"}) + "-nic"
		}, caller: anyOf(cTF)},
	{name: "Microsoft.Network/publicIPAddresses/write", localized: "Create or Update Public Ip Address", method: "PUT", lifecycle: lcWrite, weight: 0.8,
		target: func(s *subscription, r *rng) string {
			return "/subscriptions/" + s.id + "/resourceGroups/MC_rg-prod_aks-prod-weu_westeurope/providers/Microsoft.Network/publicIPAddresses/kubernetes-" + r.hex(32)
		}, caller: anyOf(cAKS)},
	{name: "Microsoft.Network/loadBalancers/write", localized: "Create or Update Load Balancer", method: "PUT", lifecycle: lcWrite, weight: 2,
		target: func(s *subscription, r *rng) string {
			return "/subscriptions/" + s.id + "/resourceGroups/MC_rg-prod_aks-prod-weu_westeurope/providers/Microsoft.Network/loadBalancers/kubernetes"
		}, caller: anyOf(cAKS)},
	{name: "Microsoft.Authorization/roleAssignments/write", localized: "Create role assignment", method: "PUT", lifecycle: lcWrite, weight: 0.8,
		target: func(s *subscription, r *rng) string {
			return "/subscriptions/" + s.id + "/providers/Microsoft.Authorization/roleAssignments/" + r.uuid()
		}, caller: anyOf(cTF, cUser), body: roleAssignmentBody},
	{name: "Microsoft.Authorization/roleAssignments/delete", localized: "Delete role assignment", method: "DELETE", lifecycle: lcAction, weight: 0.3,
		target: func(s *subscription, r *rng) string {
			return "/subscriptions/" + s.id + "/providers/Microsoft.Authorization/roleAssignments/" + r.uuid()
		}, caller: anyOf(cTF)},
	{name: "Microsoft.Authorization/policies/audit/action", localized: "'audit' Policy action.", method: "", lifecycle: lcSingle, weight: 8, category: "Policy",
		target: func(s *subscription, r *rng) string {
			return pick(r, [][]string{s.vms, s.storage, s.nsgs, s.vaults})[0]
		}, caller: func(s *subscription, r *rng) *armCaller {
			return pick(r, []*armCaller{s.tf, s.aks, s.policy, s.users[0]})
		}},
	{name: "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action", localized: "List clusterUser credential", method: "POST", lifecycle: lcAction, weight: 3, target: one(lClusters), caller: anyUser},
	{name: "Microsoft.ContainerService/managedClusters/listClusterAdminCredential/action", localized: "List clusterAdmin credential", method: "POST", lifecycle: lcAction, weight: 0.4, target: one(lClusters), caller: anyUser},
	{name: "Microsoft.ContainerService/managedClusters/agentPools/write", localized: "Create or Update Agent Pool", method: "PUT", lifecycle: lcWrite, weight: 0.8,
		target: child(lClusters, "agentPools", "systempool", "userpool"), caller: anyOf(cTF, cGHA)},
	{name: "Microsoft.KeyVault/vaults/write", localized: "Update Key Vault", method: "PUT", lifecycle: lcWrite, weight: 0.4, target: one(lVaults), caller: anyOf(cTF)},
	{name: "Microsoft.Resources/deployments/write", localized: "Create Deployment", method: "PUT", lifecycle: lcWrite, weight: 2.5,
		target: func(s *subscription, r *rng) string {
			return "/subscriptions/" + s.id + "/resourceGroups/" + pick(r, []string{"rg-prod-web", "rg-prod-data", "rg-devops"}) + "/providers/Microsoft.Resources/deployments/" + pick(r, []string{"main", "app-service", "monitoring", "network"}) + "-" + strconv.Itoa(r.between(1000, 9999))
		}, caller: anyOf(cGHA, cGHA, cTF)},
	{name: "Microsoft.Resources/deployments/validate/action", localized: "Validate Deployment", method: "POST", lifecycle: lcAction, weight: 1,
		target: func(s *subscription, r *rng) string {
			return "/subscriptions/" + s.id + "/resourceGroups/rg-prod-web/providers/Microsoft.Resources/deployments/main-" + strconv.Itoa(r.between(1000, 9999))
		}, caller: anyOf(cGHA)},
	{name: "Microsoft.Insights/diagnosticSettings/write", localized: "Create or update resource diagnostic setting", method: "PUT", lifecycle: lcWrite, weight: 0.4,
		target: func(s *subscription, r *rng) string {
			return pick(r, s.clusters) + "/providers/microsoft.insights/diagnosticSettings/kube-audit-to-harrier"
		}, caller: anyOf(cPolicy, cTF)},
}

func vmBody(s *subscription, r *rng, id string) string {
	size := pick(r, []string{"Standard_D4s_v5", "Standard_D8s_v5", "Standard_B2ms", "Standard_E4s_v5"})
	return `{"location":"` + s.location + `","properties":{"hardwareProfile":{"vmSize":"` + size + `"},"storageProfile":{"imageReference":{"publisher":"Canonical","offer":"ubuntu-24_04-lts","sku":"server","version":"latest"}},"osProfile":{"computerName":"` + id[strings.LastIndexByte(id, '/')+1:] + `","adminUsername":"azureuser"}}}`
}

func roleAssignmentBody(s *subscription, r *rng, _ string) string {
	role := pick(r, []string{"b24988ac-6180-42a0-ab88-20f7382dd24c", "acdd72a7-3385-48ef-bd42-f606fba81ae7", "ba92f5b4-2d11-453d-a403-e96b0029c9fe"})
	return `{"Id":"` + r.uuid() + `","Properties":{"PrincipalId":"` + r.uuid() + `","PrincipalType":"ServicePrincipal","RoleDefinitionId":"/subscriptions/` + s.id + `/providers/Microsoft.Authorization/roleDefinitions/` + role + `","Scope":"/subscriptions/` + s.id + `"}}`
}

// armEv is one activity-log event of an operation.
type armEv struct {
	ts        int64
	eventName string // BeginRequest or EndRequest
	status    string // Started, Accepted, Succeeded, Failed
	subStatus string // OK, Created, Accepted, Conflict... or ""
	code      int    // HTTP status of subStatus
}

// armOp is one ARM operation planned in full.
type armOp struct {
	sub         *subscription
	spec        *armOpSpec
	caller      *armCaller
	ip          string
	resourceID  string
	correlation string
	operationID string
	body        string
	evs         []armEv
	failure     string // statusMessage of a failed end
	additional  *value.Dyn
	// Derived from resourceID and spec once, not per event.
	provider, typ, group string
	vmWrite              bool  // query 4's OperationName startswith (case-insensitive)
	iat                  int64 // when the caller's token was issued (Unix seconds)
}

// planARMNoise plans about n rows of a subscription's activity and returns
// how many.
func (g *gen) planARMNoise(s *subscription, n int) int {
	made := 0
	for made < n {
		spec := &armOps[g.r.weighted(s.ops)]
		c := spec.caller(s, &g.r)
		t := g.anyTime()
		if c.principal == "User" || c == s.tf || c == s.gha {
			t = g.workTime() // people and pipelines work office hours
		}
		made += g.planARMOp(s, spec, c, "", spec.target(s, &g.r), t, -1)
	}
	return made
}

// planARMOp plans an operation starting at t; outcome < 0 draws one.
// It returns the rows added.
func (g *gen) planARMOp(s *subscription, spec *armOpSpec, c *armCaller, ip, target string, t int64, outcome int) int {
	r := &g.r
	if ip == "" {
		ip = pick(r, c.ips)
	}
	op := &armOp{sub: s, spec: spec, caller: c, ip: ip, resourceID: target, correlation: r.uuid(), operationID: r.uuid(),
		group: resourceGroup(target), vmWrite: strings.HasPrefix(strings.ToLower(spec.name), strings.ToLower(vmWrite))}
	op.provider, op.typ = resourceType(target)
	op.iat = (t - int64(r.between(60, 3000))*int64(time.Second)) / int64(time.Second)
	if spec.body != nil {
		op.body = spec.body(s, r, target)
	}
	t -= t % 100 // ARM timestamps have 100 ns precision
	step := func() int64 { d := r.dur(150*time.Millisecond, 6*time.Second); return d - d%100 }
	if spec.lifecycle == lcSingle {
		op.evs = []armEv{{ts: t, eventName: "EndRequest", status: "Succeeded", subStatus: "OK", code: 200}}
		if spec.category == "Policy" {
			op.evs[0].subStatus, op.evs[0].code = "", 0
		}
	} else {
		if outcome < 0 {
			outcome = r.weighted(outcomeWeights)
		}
		okSub, okCode := "OK", 200
		if spec.lifecycle == lcWrite && r.chance(0.3) {
			okSub, okCode = "Created", 201
		}
		begin := armEv{ts: t, eventName: "BeginRequest", status: "Started"}
		end := armEv{ts: t + step(), eventName: "EndRequest"}
		switch outcome {
		case outSucceeded:
			end.status, end.subStatus, end.code = "Succeeded", okSub, okCode
			op.evs = []armEv{begin, end}
		case outAccepted, outAcceptedOnly:
			end.status, end.subStatus, end.code = "Accepted", "Accepted", 202
			if okCode == 201 {
				end.subStatus, end.code = "Created", 201
			}
			op.evs = []armEv{begin, end}
			if outcome == outAccepted {
				done := end.ts + r.dur(20*time.Second, 7*time.Minute)
				op.evs = append(op.evs, armEv{ts: done - done%100, eventName: "EndRequest", status: "Succeeded"})
			}
		default:
			f := pick(r, armFailures)
			end.status, end.subStatus, end.code = "Failed", f.sub, f.code
			op.failure = f.message
			op.evs = []armEv{begin, end}
		}
	}
	op.additional = value.RawJSON(`{"Caller":` + string(appendStr(nil, c.caller)) + `,"SubscriptionId":"` + s.id + `","TenantId":"` + s.tenant + `","CorrelationId":"` + op.correlation + `"}`)
	for i, e := range op.evs {
		g.add(item{ts: e.ts, recv: t, op: op, cl: uint8(s.idx), aux: uint16(i)})
	}
	return len(op.evs)
}

// Outcomes of an operation.
const (
	outSucceeded = iota
	outAccepted
	outFailed
	outAcceptedOnly // still running at End, or its completion was lost
)

var outcomeWeights = cumulative([]float64{outSucceeded: 62, outAccepted: 24, outFailed: 8, outAcceptedOnly: 6})

var armFailures = []struct {
	sub     string
	code    int
	message string
}{
	{"Conflict", 409, `{"error":{"code":"OperationNotAllowed","message":"Operation could not be completed as it results in exceeding approved standardDSv5Family Cores quota."}}`},
	{"BadRequest", 400, `{"error":{"code":"InvalidParameter","message":"The value of parameter osProfile.adminPassword is invalid.","target":"adminPassword"}}`},
	{"Forbidden", 403, `{"error":{"code":"AuthorizationFailed","message":"The client does not have authorization to perform action over scope or the scope is invalid."}}`},
	{"InternalServerError", 500, `{"error":{"code":"InternalExecutionError","message":"An internal execution error occurred. Please retry later."}}`},
	{"", 0, `{"error":{"code":"ResourceGroupNotFound","message":"Resource group could not be found."}}`},
}

// subStatusText is subStatus.localizedValue, e.g. "Created (HTTP Status
// Code: 201)".
func subStatusText(sub string, code int) string {
	if sub == "" {
		return ""
	}
	return subStatusNames[sub] + " (HTTP Status Code: " + strconv.Itoa(code) + ")"
}

var subStatusNames = map[string]string{"OK": "OK", "Created": "Created", "Accepted": "Accepted", "Conflict": "Conflict",
	"BadRequest": "Bad Request", "Forbidden": "Forbidden", "InternalServerError": "Internal Server Error"}

// armActionType is SPEC's ARM mapping (sources.md §5.5): /write is Create
// when the status code is Created, else Update.
func armActionType(op string, sub string) string {
	switch o := strings.ToLower(op); {
	case strings.HasSuffix(o, "/write"):
		if sub == "Created" {
			return "Create"
		}
		return "Update"
	case strings.HasSuffix(o, "/delete"):
		return "Delete"
	case strings.HasSuffix(o, "/action"):
		return "Other"
	case strings.HasSuffix(o, "/read"):
		return "Read"
	}
	return "Unknown"
}

// resourceGroup returns the resource group segment of an ARM id.
func resourceGroup(id string) string {
	const k = "/resourceGroups/"
	i := strings.Index(id, k)
	if i < 0 {
		return ""
	}
	rest := id[i+len(k):]
	if j := strings.IndexByte(rest, '/'); j >= 0 {
		return rest[:j]
	}
	return rest
}

// resourceType returns the provider namespace and type of an ARM id, e.g.
// Microsoft.Compute and Microsoft.Compute/virtualMachines/extensions.
func resourceType(id string) (string, string) {
	const k = "/providers/"
	i := strings.LastIndex(id, k)
	if i < 0 {
		return "Microsoft.Resources", "Microsoft.Resources/subscriptions"
	}
	seg := strings.Split(id[i+len(k):], "/")
	typ := seg[0]
	for j := 1; j < len(seg); j += 2 {
		typ += "/" + seg[j]
	}
	return seg[0], typ
}

// armEvent renders one event of an operation.
func (w *worker) armEvent(it *item, tr *Truth) *ingest.Event {
	op := it.op
	e := &op.evs[it.aux]
	s := op.sub
	r := &w.r
	spec := op.spec
	id := r.uuid()
	category := spec.category
	if category == "" {
		category = "Administrative"
	}
	b := append(w.buf[:0], `{"authorization":{"action":`...)
	b = appendStr(b, spec.name)
	b = append(b, `,"scope":`...)
	b = appendStr(b, op.resourceID)
	b = append(b, `},"caller":`...)
	b = appendStr(b, op.caller.caller)
	b = append(b, `,"channels":"Operation","claims":{`...)
	b = append(b, op.caller.claims...)
	for _, c := range [...]struct {
		k string
		v int64
	}{{"iat", op.iat}, {"nbf", op.iat}, {"exp", op.iat + 4200}} {
		b = append(b, `,"`...)
		b = append(b, c.k...)
		b = append(b, `":"`...)
		b = strconv.AppendInt(b, c.v, 10)
		b = append(b, '"')
	}
	b = append(b, `},"correlationId":"`...)
	b = append(b, op.correlation...)
	b = append(b, `","description":"","eventDataId":"`...)
	b = append(b, id...)
	b = append(b, `","eventName":{"value":"`...)
	b = append(b, e.eventName...)
	b = append(b, `","localizedValue":"`...)
	if e.eventName == "BeginRequest" {
		b = append(b, "Begin request"...)
	} else {
		b = append(b, "End request"...)
	}
	b = append(b, `"},"category":{"value":"`...)
	b = append(b, category...)
	b = append(b, `","localizedValue":"`...)
	b = append(b, category...)
	b = append(b, `"},"eventTimestamp":`...)
	b = appendTime(b, e.ts, 7)
	if spec.method != "" {
		b = append(b, `,"httpRequest":{"clientRequestId":"`...)
		b = r.appendUUID(b)
		b = append(b, `","clientIpAddress":`...)
		b = appendStr(b, op.ip)
		b = append(b, `,"method":"`...)
		b = append(b, spec.method...)
		b = append(b, `"}`...)
	}
	b = append(b, `,"id":`...)
	ticks := value.TicksFromTime(time.Unix(0, e.ts))
	b = appendStr(b, op.resourceID+"/events/"+id+"/ticks/"+strconv.FormatInt(ticks, 10))
	b = append(b, `,"level":"`...)
	switch {
	case e.status == "Failed":
		b = append(b, "Error"...)
	case category == "Policy":
		b = append(b, "Warning"...)
	default:
		b = append(b, "Informational"...)
	}
	b = append(b, `","operationId":"`...)
	b = append(b, op.operationID...)
	b = append(b, `","operationName":{"value":`...)
	b = appendStr(b, spec.name)
	b = append(b, `,"localizedValue":`...)
	b = appendStr(b, spec.localized)
	b = append(b, `},"resourceGroupName":`...)
	b = appendStr(b, op.group)
	b = append(b, `,"resourceProviderName":{"value":"`...)
	b = append(b, op.provider...)
	b = append(b, `","localizedValue":"`...)
	b = append(b, op.provider...)
	b = append(b, `"},"resourceType":{"value":"`...)
	b = append(b, op.typ...)
	b = append(b, `","localizedValue":"`...)
	b = append(b, op.typ...)
	b = append(b, `"},"resourceId":`...)
	b = appendStr(b, op.resourceID)
	b = append(b, `,"status":{"value":"`...)
	b = append(b, e.status...)
	b = append(b, `","localizedValue":"`...)
	b = append(b, e.status...)
	b = append(b, `"},"subStatus":{"value":"`...)
	b = append(b, e.subStatus...)
	b = append(b, `","localizedValue":`...)
	b = appendStr(b, subStatusText(e.subStatus, e.code))
	b = append(b, `},"submissionTimestamp":`...)
	sub := e.ts + int64(r.between(4, 40))*1e9 + int64(r.intn(1e7))*100
	b = appendTime(b, sub, 7)
	b = append(b, `,"subscriptionId":"`...)
	b = append(b, s.id...)
	b = append(b, `","tenantId":"`...)
	b = append(b, s.tenant...)
	b = append(b, `","properties":{`...)
	if e.status != "Started" && e.subStatus != "" {
		b = append(b, `"statusCode":"`...)
		b = append(b, e.subStatus...)
		b = append(b, `","serviceRequestId":"`...)
		b = r.appendUUID(b)
		b = append(b, `",`...)
	}
	if e.status == "Failed" {
		b = append(b, `"statusMessage":`...)
		b = appendStr(b, op.failure)
		b = append(b, ',')
	}
	if e.status == "Started" && op.body != "" {
		b = append(b, `"requestbody":`...)
		b = appendStr(b, op.body)
		b = append(b, ',')
	}
	b = append(b, `"eventCategory":"`...)
	b = append(b, category...)
	b = append(b, `","entity":`...)
	b = appendStr(b, op.resourceID)
	b = append(b, `,"message":`...)
	b = appendStr(b, spec.name)
	b = append(b, `,"hierarchy":"`...)
	b = append(b, s.tenant...)
	b = append(b, '/')
	b = append(b, s.id...)
	b = append(b, `"},"relatedEvents":[]}`...)
	w.buf = b

	ip := op.ip
	if spec.method == "" {
		ip = "" // no httpRequest: SPEC falls back to claims.ipaddr
		if i := strings.Index(op.caller.claims, `"ipaddr":"`); i >= 0 {
			rest := op.caller.claims[i+len(`"ipaddr":"`):]
			ip = rest[:strings.IndexByte(rest, '"')]
		}
	}
	if op.vmWrite && e.ts > w.g.end-7*day {
		tr.VMWrites++
	}
	return &ingest.Event{
		Timestamp:        ticks,
		ReportId:         id,
		DataSource:       ingest.SourceARM,
		ActionType:       armActionType(spec.name, e.subStatus),
		OperationName:    spec.name,
		ResourceId:       op.resourceID,
		AzureResourceId:  op.resourceID,
		IPAddress:        ip,
		RawEventData:     value.RawJSON(string(b)),
		AdditionalFields: op.additional,
	}
}
