package source

import (
	"context"
	"fmt"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// openPostgres opens a PostgreSQL source. This placeholder is replaced by the
// pgx-based reader (issue 6).
func openPostgres(_ context.Context, _ *load.Catalog, ds *load.Doc[model.Dataset]) (Reader, error) {
	return nil, fmt.Errorf("%s: postgres sources need the PostgreSQL reader, which this build of shuyuan does not include yet", pos(ds, "source", "format"))
}
