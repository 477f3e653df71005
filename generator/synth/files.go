package synth

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// File is one generated source file.
type File struct {
	// Path is the catalog-relative, slash-separated path, e.g. "sources/health/visits.jsonl".
	Path string
	// Data is the file's exact bytes.
	Data []byte
}

// generators lists every source file and the function that writes it.
var generators = []struct {
	path string
	gen  func() ([]byte, error)
}{
	{"sources/civil-affairs/elderly-care-institutions.csv", elderlyCareInstitutions},
	{"sources/credit/administrative-penalties.csv", administrativePenalties},
	{"sources/ecology/air-quality-daily.csv", airQualityDaily},
	{"sources/finance/inclusive-loans.csv", inclusiveLoans},
	{"sources/health/outpatient-visits.jsonl", outpatientVisits},
	{"sources/housing/rental-filings.csv", rentalFilings},
	{"sources/hrss/employment-registrations.csv", employmentRegistrations},
	{"sources/market-regulation/enterprise-registrations.csv", enterpriseRegistrations},
	{"sources/tax/a-level-taxpayers.csv", aLevelTaxpayers},
	{"sources/transport/metro-station-ridership.csv", metroRidership},
	{"sources/agriculture/agricultural-product-inspections.csv", agriculturalInspections},
	{"sources/agriculture/family-farms.csv", familyFarms},
	{"sources/civil-affairs/administrative-divisions.csv", administrativeDivisions},
	{"sources/civil-affairs/marriage-registration-statistics.csv", marriageRegistrations},
	{"sources/civil-affairs/social-organizations.csv", socialOrganizations},
	{"sources/credit/administrative-licences.csv", administrativeLicences},
	{"sources/culture-tourism/a-level-scenic-spots.csv", aLevelScenicSpots},
	{"sources/culture-tourism/public-cultural-venues.csv", publicCulturalVenues},
	{"sources/culture-tourism/star-rated-hotels.csv", starRatedHotels},
	{"sources/disabled-federation/disability-certificate-statistics.csv", disabilityCertificates},
	{"sources/economy/specialised-sme-list.csv", specialisedSMEs},
	{"sources/education/school-directory.csv", schoolDirectory},
	{"sources/emergency/emergency-shelters.csv", emergencyShelters},
	{"sources/finance-regulation/local-financial-organizations.csv", localFinancialOrganizations},
	{"sources/finance/budget-execution.csv", budgetExecution},
	{"sources/finance/procurement-intentions.csv", procurementIntentions},
	{"sources/greening/parks.csv", parks},
	{"sources/health/medical-institutions.csv", medicalInstitutions},
	{"sources/health/physician-statistics.csv", physicianStatistics},
	{"sources/healthcare-security/designated-medical-institutions.csv", designatedMedicalInstitutions},
	{"sources/housing-construction/construction-permits.csv", constructionPermits},
	{"sources/hrss/vocational-training-institutions.csv", vocationalTrainingInstitutions},
	{"sources/huangpu/huangpu-heritage-buildings.csv", heritageBuildings},
	{"sources/jingan/jingan-meal-service-points.csv", jinganMealServicePoints},
	{"sources/market-regulation/food-business-licences.csv", foodBusinessLicences},
	{"sources/minhang/minhang-ev-charging-stations.csv", minhangEVChargingStations},
	{"sources/planning/land-supply.csv", landSupply},
	{"sources/public-security/motor-vehicle-statistics.csv", motorVehicles},
	{"sources/pudong/pudong-procurement-results.csv", pudongProcurementResults},
	{"sources/qingpu/qingpu-rice-planting.csv", qingpuRice},
	{"sources/statistics/resident-population-by-district.csv", residentPopulation},
	{"sources/water/surface-water-quality.csv", surfaceWaterQuality},
}

// Files generates every source file, sorted by path. The result depends on nothing but
// this package's code.
func Files() ([]File, error) {
	out := make([]File, 0, len(generators))
	for _, g := range generators {
		b, err := g.gen()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", g.path, err)
		}
		out = append(out, File{Path: g.path, Data: b})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// Write generates every source file into the catalog directory, replacing what is there.
func Write(catalogDir string) error {
	files, err := Files()
	if err != nil {
		return err
	}
	for _, f := range files {
		p := filepath.Join(catalogDir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// table collects CSV records.
type table struct {
	buf bytes.Buffer
	w   *csv.Writer
}

func newTable(crlf bool, header ...string) *table {
	t := &table{}
	t.w = csv.NewWriter(&t.buf)
	t.w.UseCRLF = crlf
	t.row(header...)
	return t
}

func (t *table) row(fields ...string) { _ = t.w.Write(fields) } // errors surface in bytes

func (t *table) bytes() ([]byte, error) {
	t.w.Flush()
	return t.buf.Bytes(), t.w.Error()
}

// toGBK encodes UTF-8 text as GBK.
func toGBK(b []byte) ([]byte, error) {
	return simplifiedchinese.GBK.NewEncoder().Bytes(b)
}
