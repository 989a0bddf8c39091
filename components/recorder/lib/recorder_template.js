// The recorder element's markup (recorder.js holds its state and behaviour). Texts come from the
// `texts` prop and the computed placeholder/badge/status, never from here.

export default `
    <div class="w-full max-w-xl overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm">
      <div class="relative aspect-video bg-slate-900">
        <video ref="video" v-show="hasVideo && !error" muted playsinline autoplay
               class="absolute inset-0 h-full w-full object-cover" style="transform: scaleX(-1)"></video>
        <div v-if="!hasVideo && !error" class="absolute inset-0 flex flex-col items-center justify-center gap-2 text-slate-300">
          <q-icon :name="live ? 'mic' : 'videocam_off'" size="48px" />
          <div class="text-sm">{{ placeholder }}</div>
        </div>
        <div v-if="error" class="absolute inset-0 flex flex-col items-center justify-center gap-2 bg-rose-50 p-6 text-center">
          <q-icon :name="error.icon" size="40px" class="text-rose-600" />
          <div class="text-base font-semibold text-rose-900">{{ error.title }}</div>
          <div class="hidden w-full max-w-sm text-sm text-rose-800 sm:block">{{ error.message }}</div>
        </div>
        <div v-if="phase === 'thinking'" class="absolute inset-0 flex flex-col items-center justify-center bg-slate-900/60 text-white">
          <div class="text-xs uppercase tracking-widest opacity-80">{{ texts.thinking_title }}</div>
          <div class="text-6xl font-bold tabular-nums">{{ thinkingLeft }}</div>
          <div class="text-sm opacity-80">{{ texts.thinking_hint }}</div>
        </div>
        <div v-if="badge" :class="badge.cls"
             class="absolute left-3 top-3 flex items-center gap-2 rounded-full px-3 py-1 text-xs font-medium text-white">
          <span v-if="phase === 'recording'" class="h-2 w-2 animate-pulse rounded-full bg-white"></span>
          <q-icon v-else :name="badge.icon" size="14px" />
          <span class="tabular-nums">{{ badge.text }}</span>
        </div>
        <template v-if="phase === 'recording'">
          <div class="pointer-events-none absolute inset-0 border-4 border-red-500"></div>
          <div class="absolute bottom-3 left-3 right-3 h-1.5 overflow-hidden rounded-full bg-black/40">
            <div v-if="limit" class="h-full bg-red-500" :style="{ width: Math.min(100, (100 * elapsed) / limit) + '%' }"></div>
          </div>
        </template>
      </div>
      <div v-show="!error" class="px-4 pb-3 pt-3">
        <div class="flex items-center gap-3" :class="live ? 'text-slate-700' : 'text-slate-300'">
          <q-icon name="mic" size="20px" />
          <div class="relative h-2 flex-1 overflow-hidden rounded-full bg-slate-200">
            <div ref="meter" class="absolute inset-y-0 left-0 rounded-full bg-emerald-500" style="width: 0%"></div>
          </div>
        </div>
        <div class="min-h-[1.25rem] pt-1 text-xs" :class="status.cls">{{ status.text }}</div>
      </div>
    </div>
`;
