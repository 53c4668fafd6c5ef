# ESM job records of the esm_ci game (benchmarks/ci/esm.toml) in each results folder given: every esm job
# succeeded with a weights digest, and the .pt checkpoint model (esm-pt) predicted exactly what the
# safetensors one did. Used by .ci/run for every engine.
import glob, json, sys
for root in sys.argv[1:]:
    records = [json.load(open(f)) for f in glob.glob(f"{root}/esm_ci/*/esm/job.json")]
    assert len(records) == 3, (root, len(records))
    for r in records:
        assert r["status"] == "succeeded", r
        assert r.get("weights_digest", "").startswith("sha256:"), r
    print(root, "3 esm jobs succeeded, weights", records[0]["weights_digest"])
    # The same weights as a fair-esm .pt (model esm-pt): identical predictions.
    pt = sorted(glob.glob(f"{root}/esm_ci/*/esm-pt/predictions.csv"))
    assert len(pt) == 3, (root, len(pt))
    for f in pt:
        assert open(f).read() == open(f.replace("/esm-pt/", "/esm/")).read(), f
    print(root, "esm-pt (.pt checkpoint) predictions equal the safetensors ones")
