"""JavaScript that `NotebookPage` runs in JupyterLab's page (playwright's `evaluate`)."""

_JS_NOTEBOOK = """() => {
    const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    return w && w.content && w.content.model && w.sessionContext ? w : null;
}"""

_JS_STATE = """() => {
    const w = window.jupyterapp.shell.currentWidget;
    const cells = [];
    const model = w.content.model;
    for (let i = 0; i < model.cells.length; i++) {
        const c = model.cells.get(i);
        if (c.type !== 'code') continue;
        const outputs = c.outputs.toJSON();
        cells.push({
            index: i,
            count: c.executionCount,
            prompt: (w.content.widgets[i].promptNode || {}).textContent || '',
            errors: outputs.filter(o => o.output_type === 'error')
                           .map(o => `${o.ename}: ${o.evalue}`),
            source: c.sharedModel.getSource().slice(0, 200),
        });
    }
    const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
    return {kernel: kernel ? kernel.status : null, cells};
}"""

_JS_DASHBOARDS = """() => {
    // How a learner sees the dashboard: is the figure shown at its own aspect ratio,
    // and is every control fully visible (not cut, not under the figure)?
    const layoutOf = (d, img) => {
        if (!img || !img.naturalWidth) return null;
        const r = img.getBoundingClientRect();
        const shown = r.width / Math.max(r.height, 1);
        const natural = img.naturalWidth / img.naturalHeight;
        const hidden = [];
        const controls = '.widget-slider, .widget-dropdown, .widget-checkbox, button';
        for (const c of d.querySelectorAll(controls)) {
            const b = c.getBoundingClientRect();
            const label = (c.innerText || c.getAttribute('title') || c.className)
                .trim().slice(0, 40);
            const overlaps = b.right > r.left + 1 && b.left < r.right - 1 &&
                             b.bottom > r.top + 1 && b.top < r.bottom - 1;
            const cut = c.scrollWidth > c.clientWidth + 2;
            if (overlaps || cut) hidden.push(label);
        }
        return {shown_px: [Math.round(r.width), Math.round(r.height)],
                natural_px: [img.naturalWidth, img.naturalHeight],
                aspect_error: Math.abs(shown / natural - 1),
                hidden_controls: hidden,
                box_px: Math.round(d.getBoundingClientRect().width)};
    };
    return Array.from(document.querySelectorAll('.jp-Notebook .dl-dashboard'))
    .map((d, i) => {
        const img = d.querySelector('img.dl-figure');
        const status = d.querySelector('.dl-status');
        const readout = d.querySelector('.dl-readout');
        return {
            index: i,
            name: Array.from(d.classList).filter(c => c.startsWith('dl-') &&
                                                      c !== 'dl-dashboard')
                                          .map(c => c.slice(3))[0] || `#${i}`,
            src: img ? img.src : null,
            loaded: !!(img && img.complete && img.naturalWidth > 0),
            width: img ? img.naturalWidth : 0,
            readout: readout ? readout.innerText.trim() : null,
            error: status && status.querySelector('.dl-error')
                   ? status.innerText.trim() : null,
            notice: status && status.querySelector('.dl-notice')
                    ? status.innerText.trim() : null,
            sliders: d.querySelectorAll('.noUi-handle').length,
            layout: layoutOf(d, img),
        };
    });
}"""

# Arm a timer on dashboard `i`: remember the key press time (the event's own timestamp,
# same clock as performance.now()), the time of every change of the image's src (seen by
# a MutationObserver) and when the first new image is decoded (`decode()` resolves when
# the new PNG can be painted). An update may push early frames before its final one.
_JS_ARM = """(i) => {
    if (window.__dlObserver) window.__dlObserver.disconnect();
    const d = document.querySelectorAll('.jp-Notebook .dl-dashboard')[i];
    const img = d.querySelector('img.dl-figure');
    const probe = {keydown: null, src: null, decoded: null, changes: [], before: img.src};
    window.__dlProbe = probe;
    const onKey = (e) => { if (probe.keydown === null) probe.keydown = e.timeStamp; };
    d.addEventListener('keydown', onKey, {capture: true, once: true});
    let last = img.src;
    const obs = new MutationObserver(() => {
        if (img.src === last) return;
        last = img.src;
        const now = performance.now();
        probe.changes.push(now);
        if (probe.src !== null) return;
        probe.src = now;
        img.decode().then(() => { probe.decoded = performance.now(); },
                          () => { probe.decoded = performance.now(); probe.decodeFailed = true; });
    });
    obs.observe(img, {attributes: true, attributeFilter: ['src']});
    window.__dlObserver = obs;
    return true;
}"""
