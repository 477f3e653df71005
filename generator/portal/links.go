package portal

import (
	"github.com/shuyuan-project/shuyuan/generator/forge"
)

// The links a page makes out of the portal, to the catalog's repository (a file's
// source, the issue forms) or to the channel portal.yaml names for applications.
// They are all built by package forge; this file decides which one a page gets.

// applyLink is where a conditional dataset's "apply" button goes, with the kind of
// channel: the address portal.yaml's applications names ("url"), a message to its
// mailbox ("email"), else the repository's application issue form ("form"). It is
// "" when there is none of these.
func (s *Site) applyLink(ds *DS, lang string) (link, channel string) {
	title := ds.Title.In(lang)
	if a := s.Portal.Applications; a != nil {
		switch {
		case a.URL != "":
			return forge.Fill(a.URL, map[string]string{"dataset": ds.ID, "version": ds.Version, "title": title}), "url"
		case a.Email != "":
			return forge.Mailto(a.Email, "[数据申请] "+title+" ("+ds.ID+" "+ds.Version+")",
				"数据集 / Dataset: "+ds.ID,
				"版本 / Version: "+ds.Version,
				"名称 / Title: "+title,
				"页面 / Page: "+s.BaseURL()+s.prefix(lang)+"datasets/"+ds.ID+"/",
				"",
				"用途 / Purpose: ",
			), "email"
		}
	}
	u := s.repo.IssueForm(forge.ApplicationForm, "[数据申请] "+title+" ("+ds.ID+" "+ds.Version+")",
		forge.Field{ID: forge.FieldDataset, Value: ds.ID},
		forge.Field{ID: forge.FieldVersion, Value: ds.Version})
	if u == "" {
		return "", ""
	}
	return u, "form"
}

// datasetObjection is the data-objection issue form pre-filled with a dataset, the
// version the page shows and (when not "") a column; "" when the repository is not on
// GitHub.
func (s *Site) datasetObjection(ds *DS, lang, version, column string) string {
	return s.repo.IssueForm(forge.ObjectionForm, "[数据异议] "+ds.Title.In(lang)+" ("+ds.ID+" "+version+")",
		forge.Field{ID: forge.FieldDataset, Value: ds.ID},
		forge.Field{ID: forge.FieldVersion, Value: version},
		forge.Field{ID: forge.FieldColumn, Value: column})
}

// elementObjection is the data-objection issue form pre-filled with a data element
// and its version; "" when the repository is not on GitHub.
func (s *Site) elementObjection(e *Elem, lang string) string {
	return s.repo.IssueForm(forge.ObjectionForm, "[数据异议] "+e.Name.In(lang)+" ("+e.ID+" "+e.Version+")",
		forge.Field{ID: forge.FieldElement, Value: e.ID},
		forge.Field{ID: forge.FieldVersion, Value: e.Version})
}

// objectionPath is the lang-root-relative URL of the data-objection guide page,
// "" when the catalog has none.
func (s *Site) objectionPath() string {
	if s.objection == "" {
		return ""
	}
	return "guide/" + s.objection + "/"
}
