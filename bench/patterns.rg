PT[0-9a-f]{48}
PSK_[A-Za-z0-9]{20,64}
pat_[A-Za-z0-9]{20,40}
eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+
[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}
[a-z0-9-]+\.signalwire\.com
(?:VITE|NEXT_PUBLIC|REACT_APP|EXPO_PUBLIC|GATSBY|NUXT_PUBLIC|PUBLIC)_SIGNALWIRE_[A-Z_]+
