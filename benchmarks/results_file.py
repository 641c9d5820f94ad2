"""benchmarks/RESULTS.md's GPU section: written by report_gpu.py from a GPU
machine's run, kept by report.py when it rewrites the CPU's results, since
the two are measured on different machines and sessions."""

BEGIN = ("<!-- GPU results: written by benchmarks/report_gpu.py, kept by "
         "benchmarks/report.py -->")
END = "<!-- end of GPU results -->"


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return ""


def gpu_section(text):
    """The GPU section of a RESULTS.md's text, markers included; "" if none."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        return ""
    return text[start:end + len(END)] + "\n"


def with_gpu_section(text, section):
    """`text` with its GPU section replaced by `section`, or `section`
    appended where it has none."""
    old = gpu_section(text)
    if old:
        return text.replace(old, section)
    return text.rstrip("\n") + "\n\n" + section if text else section
