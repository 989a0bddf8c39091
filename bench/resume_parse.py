"""How long reading a resume takes: a 10-page PDF, a DOCX and a TXT, in-process and through the worker pool.

Run from the project root: `python bench/resume_parse.py [--quick]`. Needs no database or server:
the files are built in memory (fpdf2, python-docx). The last line is one JSON object of figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.documents import analyze_upload
from app.documents.pipeline import analyze_resume
from app.documents.worker import shutdown_document_pool
from bench.timing import report, timed
from tests.support import resumes


def ten_page_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font('Helvetica', size=10)
    for page in range(10):
        pdf.add_page()
        lines = resumes.RESUME_LINES if page == 0 else [
            f'Experience (continued, page {page + 1})',
            f'Staff Engineer, Example Corp {page}, Jan {2000 + page} - Dec {2001 + page}',
            *[f'- Led migration {n} of a Python and PostgreSQL service to Kubernetes on AWS; cut p95 latency by '
              f'{10 + n}% and on-call pages by half; mentored four engineers; wrote runbooks and tests.'
              for n in range(14)],
            'Projects',
            f'Tool {page} - command-line tool for data pipelines with Airflow and dbt',
        ]
        for line in lines:
            pdf.multi_cell(0, 5, line, new_x='LMARGIN', new_y='NEXT')
    return bytes(pdf.output())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--quick', action='store_true', help='fewer repetitions')
    runs = 5 if parser.parse_args().quick else 30
    pdf = ten_page_pdf()
    docx = resumes.docx_resume(table=[['Platform', 'k8s, Terraform, AWS']] * 20)
    txt = '\n'.join(resumes.RESUME_LINES * 20).encode()
    print(f'10-page PDF: {len(pdf) / 1024:.0f} KB, DOCX: {len(docx) / 1024:.0f} KB, TXT: {len(txt) / 1024:.0f} KB')
    pages = analyze_resume(pdf, 'pdf')['pages']
    assert pages == 10, pages

    figures: dict[str, float] = {}
    # In-process: what the reading and parsing itself costs.
    figures['pdf_10_pages_ms'] = report('PDF 10 pages, in process', timed(lambda: analyze_resume(pdf, 'pdf'), runs))
    figures['docx_ms'] = report('DOCX, in process', timed(lambda: analyze_resume(docx, 'docx'), runs))
    figures['txt_ms'] = report('TXT, in process', timed(lambda: analyze_resume(txt, 'txt'), runs))
    # Through the worker pool, as the apply flow does it: a cold start once, then warm calls.
    try:
        cold = timed(lambda: analyze_upload('cv.pdf', pdf), 1, warm_up=False)
        figures['worker_cold_start_pdf_10_pages_ms'] = report('PDF 10 pages, worker cold start', cold)
        figures['pdf_10_pages_worker_ms'] = report('PDF 10 pages, warm worker',
                                                    timed(lambda: analyze_upload('cv.pdf', pdf), runs))
        figures['docx_worker_ms'] = report('DOCX, warm worker', timed(lambda: analyze_upload('cv.docx', docx), runs))
    finally:
        shutdown_document_pool()
    print(json.dumps(figures))


if __name__ == '__main__':
    main()
