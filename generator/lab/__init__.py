"""The emulated lab: a deployment's planned network brought up in namespaces and proven with packets."""
