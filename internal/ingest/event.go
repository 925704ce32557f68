// Package ingest holds what every source shares: the CloudAuditEvents
// schema and the normalized event every decoder produces.
package ingest

import (
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

// TableName is the name of the one table harrier serves.
const TableName = "CloudAuditEvents"

// Data sources (the DataSource column).
const (
	SourceAKS        = "Azure Kubernetes Service"
	SourceEKS        = "Amazon Elastic Kubernetes Service"
	SourceGKE        = "Google Kubernetes Engine"
	SourceKubernetes = "Kubernetes"
	SourceARM        = "Azure Resource Manager"
)

// Schema is the schema of CloudAuditEvents (SPEC.md §1).
var Schema = value.Schema{
	{Name: "Timestamp", Type: value.DateTime},
	{Name: "ReportId", Type: value.String},
	{Name: "DataSource", Type: value.String},
	{Name: "ActionType", Type: value.String},
	{Name: "OperationName", Type: value.String},
	{Name: "ResourceId", Type: value.String},
	{Name: "AzureResourceId", Type: value.String},
	{Name: "AwsResourceName", Type: value.String},
	{Name: "GcpFullResourceName", Type: value.String},
	{Name: "IPAddress", Type: value.String},
	{Name: "IsAnonymousProxy", Type: value.Bool},
	{Name: "CountryCode", Type: value.String},
	{Name: "City", Type: value.String},
	{Name: "Isp", Type: value.String},
	{Name: "UserAgent", Type: value.String},
	{Name: "RawEventData", Type: value.Dynamic},
	{Name: "AdditionalFields", Type: value.Dynamic},
}

// Event is one normalized CloudAuditEvents row.
type Event struct {
	Timestamp           int64 // datetime ticks
	ReportId            string
	DataSource          string
	ActionType          string
	OperationName       string
	ResourceId          string
	AzureResourceId     string
	AwsResourceName     string
	GcpFullResourceName string
	IPAddress           string
	IsAnonymousProxy    *bool // nil when unknown
	CountryCode         string
	City                string
	Isp                 string
	UserAgent           string
	RawEventData        *value.Dyn
	AdditionalFields    *value.Dyn
}

// Append adds e as one row to a builder made with Schema.
func Append(b *table.Builder, e *Event) {
	c := b.Cols()
	c[0].AppendValue(value.NewDateTime(e.Timestamp))
	c[1].AppendValue(value.NewString(e.ReportId))
	c[2].AppendValue(value.NewString(e.DataSource))
	c[3].AppendValue(value.NewString(e.ActionType))
	c[4].AppendValue(value.NewString(e.OperationName))
	c[5].AppendValue(value.NewString(e.ResourceId))
	c[6].AppendValue(value.NewString(e.AzureResourceId))
	c[7].AppendValue(value.NewString(e.AwsResourceName))
	c[8].AppendValue(value.NewString(e.GcpFullResourceName))
	c[9].AppendValue(value.NewString(e.IPAddress))
	if e.IsAnonymousProxy == nil {
		c[10].AppendValue(value.Null(value.Bool))
	} else {
		c[10].AppendValue(value.NewBool(*e.IsAnonymousProxy))
	}
	c[11].AppendValue(value.NewString(e.CountryCode))
	c[12].AppendValue(value.NewString(e.City))
	c[13].AppendValue(value.NewString(e.Isp))
	c[14].AppendValue(value.NewString(e.UserAgent))
	c[15].AppendValue(value.NewDynamic(e.RawEventData))
	c[16].AppendValue(value.NewDynamic(e.AdditionalFields))
	b.Commit()
}

// ActionTypeForVerb maps a Kubernetes verb to ActionType (SPEC.md §1).
func ActionTypeForVerb(verb string) string {
	switch verb {
	case "create":
		return "Create"
	case "get", "list", "watch":
		return "Read"
	case "update", "patch":
		return "Update"
	case "delete", "deletecollection":
		return "Delete"
	case "":
		return "Unknown"
	}
	return "Other"
}
